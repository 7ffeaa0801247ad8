import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import type { EntityCatalog } from "../../platform/records/catalog.js";
import type { SearchHit } from "../../platform/records/definition.js";
import { parseQuery } from "./query.js";

/** The searchable entities: those declaring `capabilities.search`. */
export function searchTypes(entities: EntityCatalog): string[] {
  return entities.names("search");
}

/** Typo tolerance of name matching (pg_trgm word_similarity); the default 0.6 misses one typo in short names. */
const WORD_SIMILARITY = "0.45";

export async function globalSearch(
  db: Database,
  entities: EntityCatalog,
  actor: Actor,
  input: { q: string; types: string[]; limit: number },
): Promise<{ query: string; groups: Array<{ type: string; items: SearchHit[] }> }> {
  const q = parseQuery(input.q);
  return db.transaction().execute(async (trx) => {
    const r = await sql<{ norm: string }>`
      select tandem_search_norm(${q.text}) as norm,
        set_config('pg_trgm.word_similarity_threshold', ${WORD_SIMILARITY}, true)`.execute(trx);
    const norm = r.rows[0]?.norm ?? q.text.toLowerCase();
    const groups: Array<{ type: string; items: SearchHit[] }> = [];
    for (const type of input.types) {
      const p = entities.get(type)?.capabilities.search;
      if (!p) continue;
      groups.push({ type, items: await p.search(trx, actor, { q, norm, limit: input.limit }) });
    }
    return { query: q.text, groups };
  });
}
