import type { DB } from "../../platform/db/schema.js";

export type {
  ImportCounts,
  ImportOptions,
  ImportRowAction,
  ImportStatus,
} from "../../platform/db/column-types.js";

/**
 * `mapping`: column index (as a string) → field key; `checked_percent`: while `validating`, the share of the
 * file (by bytes) the dry run has checked, 0–100.
 */
export type ImportsTable = DB["imports"];
/** The per-row journal that makes an import revertible (`before`: the updated record's previous values). */
export type ImportRowsTable = DB["import_rows"];
/** Per-row problems (errors.csv); `invalid` rows are never written, `duplicate`/`skipped` rows were valid. */
export type ImportErrorsTable = DB["import_errors"];
/** The row range of each committed batch of a run (what a retried run skips). */
export type ImportBatchesTable = DB["import_batches"];
