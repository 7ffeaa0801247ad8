import type { FilterNode } from "../../ui/filters/model";

/** The server accepts at most 100 values per `in` condition, so longer id lists become an `or` of chunks. */
const IN_LIMIT = 100;

/** A list-engine filter matching exactly these record ids (for "Export selected"). */
export function idsFilter(ids: readonly string[]): string {
  const chunks: FilterNode[] = [];
  for (let i = 0; i < ids.length; i += IN_LIMIT)
    chunks.push({ field: "id", op: "in", value: ids.slice(i, i + IN_LIMIT) });
  return JSON.stringify(chunks.length === 1 ? chunks[0] : { or: chunks });
}
