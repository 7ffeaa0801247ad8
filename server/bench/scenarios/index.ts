import { analytics } from "./analytics.js";
import { automations } from "./automations.js";
import { changeFeed } from "./change-feed.js";
import { contactsList } from "./contacts-list.js";
import { duplicates } from "./duplicates.js";
import { files } from "./files.js";
import { csvImport } from "./import.js";
import { mailBackfill } from "./mail-backfill.js";
import { mailLists } from "./mail-lists.js";
import { readyz } from "./readyz.js";
import { recordPage } from "./record-page.js";
import { reports } from "./reports.js";
import { search } from "./search.js";
import type { Scenario } from "./types.js";
import { usersList } from "./users-list.js";
import { webFirstRows } from "./web.js";
import { webhookFanout } from "./webhooks.js";

/**
 * Every benchmark scenario, in run order (the import and the change feed last: they add contacts and hand
 * 10,000 of them to the sales manager). A module adds its own as a
 * file in this folder and one line here; `--only name,name` picks some.
 */
export const scenarios: Scenario[] = [
  readyz,
  usersList,
  files,
  contactsList,
  search,
  duplicates,
  recordPage,
  webFirstRows,
  analytics,
  reports,
  automations,
  csvImport,
  changeFeed,
  mailBackfill,
  mailLists,
  webhookFanout,
];
