import type { Kysely } from "kysely";
import { workspaceCurrency } from "../src/modules/reports/run.js";
import { loadConfig } from "../src/platform/config/config.js";
import type { DB } from "../src/platform/db/generated/db.js";

/** The currency analytics and reports convert money to, as the bench server (same environment) reads it. */
export function benchWorkspaceCurrency(db: Kysely<DB>): Promise<string> {
  return workspaceCurrency(db, loadConfig(process.env, []));
}
