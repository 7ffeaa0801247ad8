import { type RawBuilder, sql } from "kysely";
import type { Actor } from "../access/actor.js";
import { isHidden } from "../access/fields.js";
import type { ParsedQuery, SearchHit } from "./definition.js";

/**
 * Building blocks of the entities' search providers (`capabilities.search`): accent-folded name matching on
 * `tandem_search_norm`, prefix full text on `tandem_search_tsv`, ranking and highlights.
 */

/** Candidates per type before ranking: bounds the work for very common words. */
export const SEARCH_CANDIDATES = 300;

export const hiddenAny = (actor: Actor, entity: string, ...keys: string[]) =>
  keys.some((k) => isHidden(actor, entity, k));

/** Escapes LIKE wildcards so user input only ever matches literally. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The letters `tandem_search_norm` folds (after NFD has split ё into е and a combining mark). */
const FOLDED_LETTERS: Record<string, string> = {
  ђ: "д",
  ћ: "ч",
  ң: "н",
  ө: "о",
  ү: "у",
  ұ: "у",
  қ: "к",
  ғ: "г",
  һ: "х",
  і: "и",
  ә: "а",
  đ: "d",
};

/** Where in `value` the query occurs (case- and accent-insensitive, approximately), for highlighting. */
export function matchRange(value: string, query: string): [number, number] | null {
  const fold = (s: string) =>
    s
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[ђћңөүұқғһіәđ]/g, (c) => FOLDED_LETTERS[c] ?? c);
  const v = fold(value);
  const q = fold(query);
  if (v.length !== value.length) return null;
  const i = v.indexOf(q);
  return i >= 0 ? [i, i + q.length] : null;
}

/**
 * The prefix tsquery text of a normalized query: every word must occur, in any order, as a word or a word's
 * beginning (`'ivan':* & 'petrov':*`). Words are split on anything but letters and digits, so no tsquery
 * syntax from the input survives; null when nothing is left.
 */
export function prefixTsQuery(norm: string): string | null {
  const words = norm
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `'${w}':*`).join(" & ") : null;
}

/**
 * Full-text match of every query word (any order, prefixes) against `tandem_search_tsv(columns…)`; the column
 * list must equal an index expression of the search migrations for PostgreSQL to use it.
 */
export function ftsMatch(norm: string, columns: string[], secondaryHidden = false): RawBuilder<boolean> {
  const tsq = prefixTsQuery(norm);
  if (!tsq) return sql<boolean>`false`;
  const query = sql`to_tsquery('simple', ${tsq})`;
  const vector = sql`tandem_search_tsv(${sql.join(columns.map((c) => sql.ref(c)))})`;
  if (!secondaryHidden) return sql<boolean>`(${vector} @@ ${query})`;
  // A role that hides the secondary field matches the name alone: the name + secondary vector's index finds
  // the candidates, the name-only vector (not indexed: one index less to maintain on every write) decides.
  const name = sql`tandem_search_tsv(${sql.ref(columns[0] as string)})`;
  return sql<boolean>`(${vector} @@ ${query} and ${name} @@ ${query})`;
}

/**
 * Exact name 1.0 > prefix 0.95 > substring 0.9 > all words in another order (full text) 0.8; typo-tolerant
 * trigram similarity counts at most 0.85, so an exact or prefix match always ranks first.
 */
export function nameScore(column: string, norm: string, fts: RawBuilder<boolean>): RawBuilder<number> {
  const col = sql`tandem_search_norm(${sql.ref(column)})`;
  return sql<number>`case when ${col} = ${norm} then 1.0
    when ${col} like ${`${likeEscape(norm)}%`} then 0.95
    when ${col} like ${`%${likeEscape(norm)}%`} then 0.9
    when ${fts} then 0.8 else 0 end`;
}

export interface StoredPhone {
  raw: string;
  e164: string | null;
}

export function phoneHit(phones: StoredPhone[], core: string): string | null {
  return phones.find((p) => `${p.e164 ?? ""} ${p.raw}`.replace(/[^\d ]/g, "").includes(core))?.raw ?? null;
}

export function textHighlight(
  q: ParsedQuery,
  fields: Array<[string, string | null | undefined]>,
): SearchHit["highlight"] {
  for (const [field, value] of fields) {
    if (!value) continue;
    const range = matchRange(value, q.text);
    if (range) return { field, value, range };
  }
  const [field, value] = fields[0] ?? ["name", ""];
  return { field, value: value ?? "", range: null };
}
