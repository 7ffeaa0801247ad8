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

/** Whether the actor's role hides any of the keys (the presented field or its filter alias). */
export function hidesAny(actor: Actor, entity: string, ...keys: string[]): boolean {
  return keys.some((k) => isHidden(actor, entity, k));
}

/**
 * Records (of an entity declaring `duplicateKeys`) the actor can read that look like the candidate: the same normalized
 * phone, email or tax id, or a very similar name (pg_trgm similarity > 0.6 of the accent-folded, lower-cased
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
  if (!def || hidesAny(actor, entity, "name")) return [];
  const phones = hidesAny(actor, entity, "phones", "phone") ? [] : (c.phoneE164 ?? []);
  const emails = hidesAny(actor, entity, "emails", "email")
    ? []
    : (c.emails ?? []).map((e) => e.toLowerCase());
  // Tax ids are compared for entities whose duplicate keys include them.
  const taxKeyed = def.duplicateKeys?.values.some((v) => v.reason === "taxId") ?? false;
  const tax = taxKeyed && !hidesAny(actor, entity, "taxIds") ? (c.taxIds ?? []) : [];
  const taxMatch = tax.length > 0 ? sql`r.tax_id_values && ${tax}::text[]` : sql`false`;
  const sameCity = hidesAny(actor, entity, "city", "addresses", "address")
    ? sql`true`
    : sql`coalesce(lower(r.city), '') = coalesce(lower(${c.city ?? null}::text), '')`;
  const r = await sql<DuplicateMatch>`
    select r.id, r.name,
      case when r.phone_e164 && ${phones}::text[] then 'phone'
           when r.email_values && ${emails}::text[] then 'email'
           when ${taxMatch} then 'taxId'
           else 'name' end as reason
    from ${sql.table(def.table)} r
    where r.deleted_at is null
      and ${ownerScope(actor, entity, "read", "r.owner_id")}
      and ${c.excludeId ? sql`r.id <> ${c.excludeId}::uuid` : sql`true`}
      and (r.phone_e164 && ${phones}::text[]
        or r.email_values && ${emails}::text[]
        or ${taxMatch}
        or (not r.search_pending and tandem_search_norm(r.name) % tandem_search_norm(${c.name})
          and similarity(tandem_search_norm(r.name), tandem_search_norm(${c.name})) > 0.6 and ${sameCity}))
    order by similarity(tandem_search_norm(r.name), tandem_search_norm(${c.name})) desc, r.id
    limit ${limit}`.execute(trx);
  return r.rows;
}

export function duplicateWarnings(matches: DuplicateMatch[]) {
  return matches.length > 0 ? [{ code: "possible_duplicate" as const, matches }] : [];
}
