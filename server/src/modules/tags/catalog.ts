import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { TagUpdate } from "./schemas.js";

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
/** The list an update leaves: a whole list replaces, `{add, remove}` edits `current` (case-insensitively). */
export function resolveTagUpdate(
  current: readonly string[],
  update: readonly string[] | { add?: readonly string[]; remove?: readonly string[] },
): string[] {
  if (Array.isArray(update)) return normalizeTagList(update as readonly string[]);
  const edit = update as { add?: readonly string[]; remove?: readonly string[] };
  const removed = new Set((edit.remove ?? []).map((t) => t.trim().toLowerCase()));
  return normalizeTagList([...current, ...(edit.add ?? [])]).filter((t) => !removed.has(t.toLowerCase()));
}

/** An update whose tags are resolved to the whole list (what column builders take). */
export type WithTagList<T> = Omit<T, "tags"> & { tags?: string[] };

/** `input` with its tag update (if any) resolved against the locked row's `current` tags into the whole list. */
export function withResolvedTags<T extends { tags?: TagUpdate | undefined }>(
  input: T,
  current: readonly string[],
): WithTagList<T> {
  const { tags, ...rest } = input;
  return tags === undefined ? rest : { ...rest, tags: resolveTagUpdate(current, tags) };
}

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
