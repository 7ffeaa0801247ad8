import type { DB } from "../../platform/db/schema.js";

export type { ExportFormat, ExportParams, ExportStatus } from "../../platform/db/column-types.js";

/** `columns`: the columns actually written (requested ∩ readable). */
export type ExportsTable = DB["exports"];
