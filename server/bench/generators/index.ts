import { salesTargets } from "./analytics.js";
import { companies, contacts } from "./crm.js";
import { teams, users } from "./identity.js";
import { activities, deals, tasks } from "./pipeline.js";
import type { TableGenerator } from "./types.js";

/**
 * Generators in load order (referenced tables first). A module that adds a table worth benchmarking adds its
 * generator here; tables that do not exist in the database are skipped.
 */
export const generators: TableGenerator[] = [
  teams,
  users,
  companies,
  contacts,
  deals,
  tasks,
  activities,
  salesTargets,
];
