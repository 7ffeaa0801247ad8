import type { Generated } from "kysely";

/** An uploaded or generated file (import sources, export results, error reports), stored in PostgreSQL. */
export interface FilesTable {
  id: Generated<string>;
  /** What the file is for: `import`, `export`, `import-errors`. */
  purpose: string;
  /** The name shown to and downloaded by the user (never used as a path). */
  name: string;
  /** Sniffed kind (`csv`, `xlsx`, `vcf`) — the client's content type is never trusted. */
  kind: string;
  content_type: string;
  size: Generated<string>;
  sha256: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date | null;
}

export interface FileChunksTable {
  file_id: string;
  seq: number;
  data: Buffer;
}

export interface FileTables {
  files: FilesTable;
  file_chunks: FileChunksTable;
}
