import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import {
  companiesProvider,
  contactsProvider,
  dealsProvider,
  type SearchHit,
  type SearchProvider,
} from "./providers.js";
import { parseQuery } from "./query.js";

const providers = new Map<string, SearchProvider>(
  [companiesProvider, contactsProvider, dealsProvider].map((p) => [p.type, p]),
);

export function registerSearchProvider(p: SearchProvider): void {
  providers.set(p.type, p);
}

export function searchTypes(): string[] {
  return [...providers.keys()];
}

/** Typo tolerance of name matching (pg_trgm word_similarity); the default 0.6 misses one typo in short names. */
const WORD_SIMILARITY = "0.45";

export async function globalSearch(
  db: Database,
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
      const p = providers.get(type);
      if (!p) continue;
      groups.push({ type, items: await p.search(trx, actor, { q, norm, limit: input.limit }) });
    }
    return { query: q.text, groups };
  });
}
