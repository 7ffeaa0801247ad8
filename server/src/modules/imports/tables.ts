import type { ColumnType, Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

export type ImportStatus =
  | "uploaded"
  | "validating"
  | "validated"
  | "queued"
  | "running"
  | "completed"
  | "failed"
  | "reverting"
  | "reverted";

export interface ImportOptions {
  duplicatePolicy: "skip" | "update" | "create";
  skipInvalidRows: boolean;
  matchKey: "email" | "phone" | "taxId" | "name";
}

export interface ImportCounts {
  total: number;
  valid: number;
  invalid: number;
  duplicates: number;
  toCreate: number;
  toUpdate: number;
  toSkip: number;
}

type Counter = ColumnType<number, number | undefined, number>;

export interface ImportsTable {
  id: Generated<string>;
  entity: string;
  status: Generated<ImportStatus>;
  file_id: string;
  file_name: string;
  file_kind: string;
  detected_encoding: string;
  detected_delimiter: string;
  encoding: string;
  delimiter: string;
  headers: Json<string[]>;
  /** Column index (as a string) → field key. */
  mapping: Json<Record<string, string>>;
  options: Json<ImportOptions>;
  dry_run: Json<ImportCounts> | null;
  dry_run_at: Date | null;
  total_rows: Counter;
  processed: Counter;
  created: Counter;
  updated: Counter;
  skipped: Counter;
  failed: Counter;
  /** While `validating`: the share of the file (by bytes) the dry run has checked, 0–100. */
  checked_percent: Counter;
  error: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
  reverted_at: Date | null;
}

/** The per-row journal that makes an import revertible. */
export interface ImportRowsTable {
  import_id: string;
  row_number: number;
  record_id: string;
  action: "created" | "updated";
  /** The updated record's previous values of the columns the import wrote. */
  before: Json<Record<string, unknown>> | null;
}

/** Per-row problems found by the dry run or the run (the errors.csv report). */
export interface ImportErrorsTable {
  id: Generated<string>;
  import_id: string;
  row_number: number;
  column_name: string;
  value: string;
  reason: string;
  /** `invalid` rows are never written; `duplicate`/`skipped` rows are reported but were valid. */
  kind: string;
}

/** The row range of each committed batch of a run (what a retried run skips). */
export interface ImportBatchesTable {
  import_id: string;
  first_row: number;
  last_row: number;
}

export interface ImportTables {
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  import_errors: ImportErrorsTable;
  import_batches: ImportBatchesTable;
}
