import type { FileKind } from "../../platform/files/sniff.js";
import type { ImportEntity } from "./fields.js";
import type { ImportOptions, ImportsTable } from "./tables.js";

/** What the pipeline needs of an import row. */
export interface ImportJob {
  id: string;
  entity: ImportEntity;
  fileId: string;
  fileKind: FileKind;
  encoding: string;
  delimiter: string;
  mapping: Record<string, string>;
  options: ImportOptions;
}

export function importJobOf(
  row: Pick<ImportsTable, "entity" | "file_id" | "file_kind" | "encoding" | "delimiter"> & {
    id: string;
    mapping: Record<string, string>;
    options: ImportOptions;
  },
): ImportJob {
  return {
    id: row.id,
    entity: row.entity as ImportEntity,
    fileId: row.file_id,
    fileKind: row.file_kind as FileKind,
    encoding: row.encoding,
    delimiter: row.delimiter,
    mapping: row.mapping,
    options: row.options,
  };
}
