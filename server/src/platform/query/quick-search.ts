import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from "kysely";
import type { Actor } from "../access/actor.js";
import type { DB } from "../db/schema.js";
import { ValidationError } from "../errors.js";
import { entityCatalog } from "../records/catalog.js";
import { parseQuery } from "../records/parse-query.js";
import { fuzzyFilter } from "../records/search-backlog.js";

/**
 * A list's quick search (`?q=`): the predicate global search finds the entity's records by
 * (`EntitySearchProvider.match` — name, emails, phone fragments, a contact's companies…), on the list's row
 * alias, so the list finds what global search finds. Rows a bulk writer left pending for the search catch-up are
 * matched too (`fuzzyFilter`). null without a query; 422 for an entity without search.
 */
export async function quickSearch(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  entity: string,
  alias: string,
  q: string | undefined,
): Promise<RawBuilder<SqlBool> | null> {
  const parsed = parseQuery(q ?? "");
  if (!parsed.text) return null;
  const provider = entityCatalog().get(entity)?.capabilities.search;
  if (!provider) throw ValidationError.field("q", "This list has no quick search.");
  // Normalized by PostgreSQL, so it matches the indexed expressions exactly (as global search does).
  const r = await sql<{ norm: string }>`select tandem_search_norm(${parsed.text}) as norm`.execute(db);
  const norm = r.rows[0]?.norm ?? parsed.text.toLowerCase();
  return fuzzyFilter(alias, provider.match(actor, { q: parsed, norm }, alias)) as RawBuilder<SqlBool>;
}
