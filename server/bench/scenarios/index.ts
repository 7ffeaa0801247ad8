import { changeFeed } from "./change-feed.js";
import { contactsList } from "./contacts-list.js";
import { csvImport } from "./import.js";
import { readyz } from "./readyz.js";
import { recordPage } from "./record-page.js";
import { search } from "./search.js";
import type { Scenario } from "./types.js";
import { usersList } from "./users-list.js";
import { webFirstRows } from "./web.js";

/**
 * Every benchmark scenario, in run order (the import and the change feed last: they add contacts and hand
 * 10,000 of them to the sales manager). A module adds its own as a
 * file in this folder and one line here; `--only name,name` picks some.
 */
export const scenarios: Scenario[] = [
  readyz,
  usersList,
  contactsList,
  search,
  recordPage,
  webFirstRows,
  csvImport,
  changeFeed,
];
