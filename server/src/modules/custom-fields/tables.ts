import type { DB } from "../../platform/db/schema.js";

export type { CustomFieldOption } from "../../platform/db/column-types.js";

/**
 * Custom field definitions. Values live in the `custom jsonb` column of each entity table under `key`
 * (a GIN `jsonb_path_ops` index per table serves containment; filterable fields get an expression index
 * `((custom->>'key'))`, created in the same transaction as the definition — see service.ts).
 */
export type CustomFieldsTable = DB["custom_fields"];
