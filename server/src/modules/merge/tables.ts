import type { Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

/** One link row the merge changed: moved to the survivor (`moved`) or dropped as a duplicate (`deleted`). */
export interface MovedLink {
  table: string;
  /** Primary-key values of the row, or the full row for `deleted`. */
  key: Record<string, unknown>;
  column: string;
  from: string;
  op: "moved" | "deleted";
  row?: Record<string, unknown>;
}

export interface MergesTable {
  id: Generated<string>;
  entity: string;
  survivor_id: string;
  merged_ids: string[];
  /** The survivor's values before the merge, of the fields it took from others. */
  survivor_before: Json<Record<string, unknown>>;
  links: Json<MovedLink[]>;
  created_by: string;
  created_at: Generated<Date>;
  undone_at: Date | null;
  undone_by: string | null;
}

export interface MergeTables {
  merges: MergesTable;
}
