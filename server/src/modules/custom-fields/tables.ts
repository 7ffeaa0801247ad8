import type { ColumnType, Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

/**
 * Custom field definitions. Values live in the `custom jsonb` column of each entity table under `key`
 * (a GIN `jsonb_path_ops` index per table serves containment; filterable fields get an expression index
 * `((custom->>'key'))`, created in the same transaction as the definition — see service.ts).
 */
export interface CustomFieldsTable {
  id: Generated<string>;
  entity: string;
  key: string;
  label: string;
  type: string;
  required: Generated<boolean>;
  is_unique: Generated<boolean>;
  default_value: Json | null;
  help_text: Generated<string>;
  position: Generated<number>;
  group_name: Generated<string>;
  filterable: Generated<boolean>;
  /** select/multiSelect: `[{value, label}]`. */
  options: Json<Array<{ value: string; label: string }>> | null;
  link_entity: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface CustomFieldTables {
  custom_fields: CustomFieldsTable;
}
