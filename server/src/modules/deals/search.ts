import { type SqlBool, sql } from "kysely";
import { scopeFor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { EntitySearchProvider } from "../../platform/records/definition.js";
import {
  ftsMatch,
  hiddenAny,
  likeEscape,
  nameScore,
  SEARCH_CANDIDATES,
  textHighlight,
} from "../../platform/records/search.js";
import { searchIndexed } from "../../platform/records/search-backlog.js";

/** Deals in global search: title (with the stage as subtitle). */
export const dealsProvider: EntitySearchProvider = {
  match(actor, { norm }, alias) {
    if (hiddenAny(actor, "deals", "title")) return sql<SqlBool>`false`;
    const title = sql`tandem_search_norm(${sql.ref(`${alias}.title`)})`;
    const fts = ftsMatch(norm, [`${alias}.title`]);
    return sql<SqlBool>`(${title} like ${`%${likeEscape(norm)}%`} or ${norm} <% ${title} or ${fts})`;
  },
  async search(db, actor, { q, norm, limit }) {
    if (scopeFor(actor, "deals", "read") === "none" || hiddenAny(actor, "deals", "title")) return [];
    const fts = ftsMatch(norm, ["d.title"]);
    const rows = await sql<{ id: string; title: string; stage: string | null; score: number }>`
      select d.id, d.title, s.name as stage,
        greatest(0.85 * word_similarity(${norm}, tandem_search_norm(d.title)), ${nameScore("d.title", norm, fts)}) as score
      from (
        select * from deals d
        where d.deleted_at is null and ${searchIndexed("d")}
          and ${ownerScope(actor, "deals", "read", "d.owner_id")}
          and ${dealsProvider.match(actor, { q, norm }, "d")}
        limit ${SEARCH_CANDIDATES}
      ) d
      left join pipeline_stages s on s.id = d.stage_id
      order by score desc, d.title, d.id
      limit ${limit}`.execute(db);
    return rows.rows.map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: r.stage,
      highlight: textHighlight(q, [["title", r.title]]),
      score: Number(r.score),
    }));
  },
};
