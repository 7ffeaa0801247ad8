import type { Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

export type ViewVisibility = "private" | "team" | "everyone";

/** Saved list views: filter (the list engine's JSON), sort, columns; visible to owner / team / everyone. */
export interface SavedViewsTable {
  id: Generated<string>;
  entity: string;
  name: string;
  filter: Json | null;
  sort: Generated<string>;
  columns: string[];
  visibility: ViewVisibility;
  owner_id: string;
  team_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ViewTables {
  saved_views: SavedViewsTable;
}
