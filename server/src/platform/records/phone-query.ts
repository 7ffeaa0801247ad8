import { type RawBuilder, sql } from "kysely";
import type { ParsedQuery } from "./definition.js";
import { likeEscape, phoneHit, type StoredPhone } from "./search.js";

/** The digit strings a phone-like query may stand for inside stored phone digits (none for other queries). */
export function phoneFragments(q: ParsedQuery): string[] {
  return [q.phoneCore, q.phoneAlt].filter((d): d is string => !!d);
}

/** `phone_digits` (all digits of all numbers, space separated) contains one of the query's phone forms. */
export function phoneDigitsMatch(column: string, q: ParsedQuery): RawBuilder<boolean> {
  const fragments = phoneFragments(q);
  if (fragments.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    fragments.map((d) => sql`${sql.ref(column)} like ${`%${likeEscape(d)}%`}`),
    sql` or `,
  )})`;
}

/** The stored number (as typed) that one of the query's phone forms matched. */
export function phoneQueryHit(phones: StoredPhone[], q: ParsedQuery): string | null {
  for (const d of phoneFragments(q)) {
    const hit = phoneHit(phones, d);
    if (hit) return hit;
  }
  return null;
}
