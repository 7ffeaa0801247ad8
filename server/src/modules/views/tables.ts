import type { DB } from "../../platform/db/schema.js";

export type { ViewVisibility } from "../../platform/db/column-types.js";

/** Saved list views: filter (the list engine's JSON), sort, columns; visible to owner / team / everyone. */
export type SavedViewsTable = DB["saved_views"];
