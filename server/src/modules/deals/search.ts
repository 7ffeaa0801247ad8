import { sql } from "kysely";
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

/** Deals in global search: title (with the stage as subtitle). */
export const dealsProvider: EntitySearchProvider = {
  async search(db, actor, { q, norm, limit }) {
    if (scopeFor(actor, "deals", "read") === "none" || hiddenAny(actor, "deals", "title")) return [];
    const pattern = `%${likeEscape(norm)}%`;
    const fts = ftsMatch(norm, ["d.title"]);
    const rows = await sql<{ id: string; title: string; stage: string | null; score: number }>`
      select d.id, d.title, s.name as stage,
        greatest(0.85 * word_similarity(${norm}, tandem_search_norm(d.title)), ${nameScore("d.title", norm, fts)}) as score
      from (
        select * from deals d
        where d.deleted_at is null and ${ownerScope(actor, "deals", "read", "d.owner_id")}
          and (tandem_search_norm(d.title) like ${pattern} or ${norm} <% tandem_search_norm(d.title) or ${fts})
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
