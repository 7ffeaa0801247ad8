import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";

/** Adds tag names used on a record to the catalogue (gray until someone picks a color). */
export async function ensureTags(
  trx: Transaction<DB>,
  names: readonly string[],
  userId: string,
): Promise<void> {
  if (names.length === 0) return;
  await trx
    .insertInto("tags")
    .values(names.map((name) => ({ name, created_by: userId })))
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}

/** Trims, drops empties and duplicates (case-insensitively), keeps first spelling. */
export function normalizeTagList(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags) {
    const v = t.trim();
    if (v && !seen.has(v.toLowerCase())) {
      seen.add(v.toLowerCase());
      out.push(v);
    }
  }
  return out;
}
