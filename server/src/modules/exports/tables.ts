import type { Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

export interface ExportParams {
  filter?: string | undefined;
  sort?: string | undefined;
  columns?: string[] | undefined;
  delimiter?: "," | ";" | undefined;
}

export interface ExportsTable {
  id: Generated<string>;
  entity: string;
  format: "csv" | "xlsx" | "vcf";
  status: Generated<"queued" | "running" | "completed" | "failed">;
  params: Json<ExportParams>;
  /** The columns actually written (requested ∩ readable). */
  columns: Json<string[]>;
  row_count: number | null;
  file_id: string | null;
  error: string | null;
  created_by: string;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface ExportTables {
  exports: ExportsTable;
}
