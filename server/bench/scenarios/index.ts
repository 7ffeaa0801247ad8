import { contactsList } from "./contacts-list.js";
import { readyz } from "./readyz.js";
import type { Scenario } from "./types.js";
import { usersList } from "./users-list.js";

/**
 * Every benchmark scenario, in run order. A module adds its own (global search, timeline, import…) as a file
 * in this folder and one line here; `--only name,name` picks some.
 */
export const scenarios: Scenario[] = [readyz, usersList, contactsList];
