import { sql, type Transaction } from "kysely";
import type { Actor } from "../access/actor.js";
import { entityDefinition } from "../access/entities.js";
import { isHidden } from "../access/fields.js";
import { ownerScope } from "../access/scope.js";
import type { DB } from "../db/schema.js";

export interface DuplicateCandidate {
  name: string;
  city?: string | null;
  phoneE164?: string[];
  emails?: string[];
  /** `KIND:value` (companies only). */
  taxIds?: string[];
  /** The record itself when checking an existing one. */
  excludeId?: string;
}

export interface DuplicateMatch {
  id: string;
  name: string;
  reason: "phone" | "email" | "taxId" | "name";
}

/** Which shared value a match is reported by when it shares several. */
const PRIORITY = ["phone", "email", "taxId"];

/** Whether the actor's role hides any of the keys (the presented field or its filter alias). */
export function hidesAny(actor: Actor, entity: string, ...keys: string[]): boolean {
  return keys.some((k) => isHidden(actor, entity, k));
}

/**
 * Records (of an entity declaring `duplicateKeys`, whose columns it compares) the actor can read that look like
 * the candidate: the same normalized phone, email or tax id, or a very similar name (pg_trgm similarity > 0.6 of the accent-folded, lower-cased
 * names, answered by the search trigram index; rows a bulk writer left pending for the search catch-up are
 * compared by phone, email and tax id only until caught up — `platform/records/search-backlog.ts`) in the
 * same city. Every
 * condition is served by an index (GIN on the arrays, trigram on the name). Reused by import and merge.
 * A field the actor's role hides is never compared (nor its match reported), so a duplicate hint cannot
 * be used to probe hidden emails, phones or tax ids; with the name hidden there are no hints at all.
 */
export async function findDuplicates(
  trx: Transaction<DB>,
  actor: Actor,
  entity: string,
  c: DuplicateCandidate,
  limit = 10,
): Promise<DuplicateMatch[]> {
  const def = entityDefinition(entity);
  const keys = def?.duplicateKeys;
  if (!def || !keys?.name || hidesAny(actor, entity, ...keys.name.fields)) return [];
  // The entity's declared keys (`duplicateKeys`): a value key compares only when the role sees its fields.
  const given: Record<string, string[]> = {
    phone: c.phoneE164 ?? [],
    email: (c.emails ?? []).map((e) => e.toLowerCase()),
    taxId: c.taxIds ?? [],
  };
  const compared = [...keys.values]
    .filter((v) => !hidesAny(actor, entity, ...v.fields))
    .sort((a, b) => PRIORITY.indexOf(a.reason) - PRIORITY.indexOf(b.reason))
    .map((v) => ({
      reason: v.reason,
      overlap: sql<boolean>`r.${sql.ref(v.column)} && ${given[v.reason] ?? []}::text[]`,
    }));
  const anyValue =
    compared.length > 0
      ? sql.join(
          compared.map((v) => v.overlap),
          sql` or `,
        )
      : sql`false`;
  const reason =
    compared.length > 0
      ? sql`case ${sql.join(
          compared.map((v) => sql`when ${v.overlap} then ${v.reason}`),
          sql` `,
        )} else 'name' end`
      : sql`'name'`;
  const nameCol = sql.ref(`r.${keys.name.column}`);
  const city = keys.name.city;
  const sameCity =
    !city || hidesAny(actor, entity, ...city.fields)
      ? sql`true`
      : sql`coalesce(lower(${sql.ref(`r.${city.column}`)}), '') = coalesce(lower(${c.city ?? null}::text), '')`;
  const r = await sql<DuplicateMatch>`
    select r.id, ${nameCol} as name, ${reason} as reason
    from ${sql.table(def.table)} r
    where ${def.softDeleteColumn ? sql`${sql.ref(`r.${def.softDeleteColumn}`)} is null` : sql`true`}
      and ${ownerScope(actor, entity, "read", `r.${def.ownerColumn}`)}
      and ${c.excludeId ? sql`r.id <> ${c.excludeId}::uuid` : sql`true`}
      and (${anyValue}
        or (not r.search_pending and tandem_search_norm(${nameCol}) % tandem_search_norm(${c.name})
          and similarity(tandem_search_norm(${nameCol}), tandem_search_norm(${c.name})) > 0.6 and ${sameCity}))
    order by similarity(tandem_search_norm(${nameCol}), tandem_search_norm(${c.name})) desc, r.id
    limit ${limit}`.execute(trx);
  return r.rows;
}

export function duplicateWarnings(matches: DuplicateMatch[]) {
  return matches.length > 0 ? [{ code: "possible_duplicate" as const, matches }] : [];
}
