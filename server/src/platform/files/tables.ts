import type { DB } from "../db/schema.js";

/**
 * An uploaded or generated file (import sources, export results, error reports), stored in PostgreSQL.
 * `purpose`: what it is for (`import`, `export`, `import-errors`); `name`: shown to and downloaded by the user
 * (never used as a path); `kind`: sniffed (`csv`, `xlsx`, `vcf`) — the client's content type is never trusted.
 */
export type FilesTable = DB["files"];
export type FileChunksTable = DB["file_chunks"];
