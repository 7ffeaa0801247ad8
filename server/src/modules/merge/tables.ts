import type { Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

/**
 * One row the merge changed: a link moved to the survivor (`moved`: `column` was `from`), dropped as a duplicate
 * (`deleted`), or a row the merge added (`inserted`, e.g. the survivor's new stage stay), removed on undo.
 */
export interface MovedLink {
  table: string;
  /** Primary-key values of the row, or the full row for `deleted`. */
  key: Record<string, unknown>;
  column: string;
  from: string | null;
  op: "moved" | "deleted" | "inserted";
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
