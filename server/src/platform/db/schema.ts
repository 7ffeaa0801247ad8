/**
 * The whole database as the compiler sees it, generated from the migrated schema by `npm run gen:db`
 * (`generated/db.ts`; column types the schema cannot state are in `column-types.ts`). A module names its own
 * tables' row types in its `tables.ts` (`DB["companies"]`).
 */
export type { DB } from "./generated/db.js";
