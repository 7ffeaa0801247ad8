import type { DB } from "../../platform/db/schema.js";

/**
 * The tag catalogue (name + color). Records carry their tags by name in a `tags text[]` column with a GIN
 * index (companies, contacts, deals), so "has tag X" is one indexed `@>`; renaming or deleting a tag here
 * rewrites those arrays in the same transaction.
 */
export type TagsTable = DB["tags"];
