import type { Generated } from "kysely";

/**
 * The tag catalogue (name + color). Records carry their tags by name in a `tags text[]` column with a GIN
 * index (companies, contacts, deals), so "has tag X" is one indexed `@>`; renaming or deleting a tag here
 * rewrites those arrays in the same transaction.
 */
export interface TagsTable {
  id: Generated<string>;
  name: string;
  color: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TagTables {
  tags: TagsTable;
}
