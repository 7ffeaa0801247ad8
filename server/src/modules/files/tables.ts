import type { DB } from "../../platform/db/schema.js";

/** A file attached to a record: `(entity, record_id)` + the blob (`file_blobs.sha256`) holding its bytes. */
export type RecordFilesTable = DB["record_files"];
