import { z } from "zod";

/** A record's tags as a whole list (create, or replace on update). */
export const tagList = z.array(z.string().trim().max(50).min(1)).max(50);

/**
 * What an update may send for tags: the whole list (replaces it), or `{ add, remove }`, applied to the stored list
 * under the row lock, so people tagging the same record at once never undo each other.
 */
export const tagUpdate = z
  .union([
    tagList,
    z.strictObject({
      add: tagList.optional().describe("Tags to add (kept once, case-insensitively)."),
      remove: tagList.optional().describe("Tags to remove (case-insensitive)."),
    }),
  ])
  .describe("The whole list, or `{add, remove}` to change it without overwriting concurrent edits.");
export type TagUpdate = z.infer<typeof tagUpdate>;
