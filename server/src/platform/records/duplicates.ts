import { sql, type Transaction } from "kysely";
import { type Actor, scopeFor } from "../access/actor.js";
import { isHidden } from "../access/fields.js";
import { ownerScope } from "../access/scope.js";
import type { DB } from "../db/schema.js";
import { entityCatalog } from "./catalog.js";
import type { EntityDefinition } from "./definition.js";
import { searchIndexed } from "./search-backlog.js";

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
 * the candidate: the same normalized phone, email or tax id (the declared value keys), or — when the entity
 * declares a name key — a very similar name (pg_trgm similarity > 0.6 of the accent-folded, lower-cased names)
 * in the same city (its declared city key). Reused by import and merge. Only what the definition declares is
 * read: an entity without duplicate keys has no duplicates (nothing is queried), one without a name key is
 * compared by its value keys and reports its title, and only a searchable entity (`capabilities.search`) has
 * `search_pending` — its rows a bulk writer left pending for the search catch-up are compared by value keys only
 * until caught up (`platform/records/search-backlog.ts`). Every condition is served by an index: GIN on the
 * value arrays, the trigram index on `tandem_search_norm(<name column>)` that an entity declaring a name key
 * creates (a test checks each one has it). A field the actor's role hides is never compared (nor its match
 * reported), so a duplicate hint cannot be used to probe hidden emails, phones or tax ids; with the name hidden
 * there are no hints at all.
 */
export async function findDuplicates(
  trx: Transaction<DB>,
  actor: Actor,
  entity: string,
  c: DuplicateCandidate,
  limit = 10,
): Promise<DuplicateMatch[]> {
  const def = entityCatalog().get(entity);
  return def ? findDuplicatesOf(trx, actor, def, c, limit) : [];
}

/** `findDuplicates` for a definition in hand. */
export async function findDuplicatesOf(
  trx: Transaction<DB>,
  actor: Actor,
  def: EntityDefinition,
  c: DuplicateCandidate,
  limit = 10,
): Promise<DuplicateMatch[]> {
  const entity = def.name;
  const keys = def.duplicateKeys;
  const titleFields = keys?.name?.fields ?? (typeof def.title === "string" ? [def.title] : []);
  if (!keys || hidesAny(actor, entity, ...titleFields)) return [];
  // The entity's declared keys (`duplicateKeys`): a value key compares only when the role sees its fields.
  const given: Record<string, string[]> = {
    phone: c.phoneE164 ?? [],
    email: (c.emails ?? []).map((e) => e.toLowerCase()),
    taxId: c.taxIds ?? [],
  };
  const compared = [...keys.values]
    .filter((v) => !hidesAny(actor, entity, ...v.fields) && (given[v.reason]?.length ?? 0) > 0)
    .sort((a, b) => PRIORITY.indexOf(a.reason) - PRIORITY.indexOf(b.reason))
    .map((v) => ({
      reason: v.reason,
      overlap: sql<boolean>`r.${sql.ref(v.column)} && ${given[v.reason] ?? []}::text[]`,
    }));
  const name = keys.name && c.name.trim() ? keys.name : null;
  if (compared.length === 0 && !name) return [];
  const reason = sql`case ${sql.join(
    compared.map((v) => sql`when ${v.overlap} then ${v.reason}`),
    sql` `,
  )} else 'name' end`;
  const title = name
    ? sql.ref(`r.${name.column}`)
    : typeof def.title === "string"
      ? sql.ref(`r.${def.title}`)
      : def.title("r");
  const conditions = compared.map((v) => v.overlap);
  if (name) conditions.push(similarName(actor, def, name, c));
  const r = await sql<DuplicateMatch>`
    select r.id, ${title} as name, ${compared.length > 0 ? reason : sql`'name'`} as reason
    from ${sql.table(def.table)} r
    where ${def.softDeleteColumn ? sql`${sql.ref(`r.${def.softDeleteColumn}`)} is null` : sql`true`}
      and ${readable(actor, def)}
      and ${c.excludeId ? sql`r.id <> ${c.excludeId}::uuid` : sql`true`}
      and (${sql.join(conditions, sql` or `)})
    order by ${name ? sql`similarity(tandem_search_norm(${title}), tandem_search_norm(${c.name})) desc, ` : sql``}r.id
    limit ${limit}`.execute(trx);
  return r.rows;
}

type NameKey = NonNullable<NonNullable<EntityDefinition["duplicateKeys"]>["name"]>;

/** A very similar name in the same city (any city for a role that may not see it), among indexed rows. */
function similarName(actor: Actor, def: EntityDefinition, name: NameKey, c: DuplicateCandidate) {
  const column = sql.ref(`r.${name.column}`);
  const city = name.city;
  const sameCity =
    !city || hidesAny(actor, def.name, ...city.fields)
      ? sql`true`
      : sql`coalesce(lower(${sql.ref(`r.${city.column}`)}), '') = coalesce(lower(${c.city ?? null}::text), '')`;
  // Rows a bulk writer left pending are out of the trigram index until the catch-up enters them.
  const indexed = def.capabilities.search ? searchIndexed("r") : sql`true`;
  return sql<boolean>`(${indexed} and tandem_search_norm(${column}) % tandem_search_norm(${c.name})
    and similarity(tandem_search_norm(${column}), tandem_search_norm(${c.name})) > 0.6 and ${sameCity})`;
}

/** The actor's read scope: on the owner for owned entities, all or nothing otherwise. */
function readable(actor: Actor, def: EntityDefinition) {
  if (def.ownerColumn) return ownerScope(actor, def.name, "read", `r.${def.ownerColumn}`);
  return scopeFor(actor, def.name, "read") === "none" ? sql`false` : sql`true`;
}

export function duplicateWarnings(matches: DuplicateMatch[]) {
  return matches.length > 0 ? [{ code: "possible_duplicate" as const, matches }] : [];
}
