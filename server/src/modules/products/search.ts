import { type SqlBool, sql } from "kysely";
import { scopeFor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { EntitySearchProvider } from "../../platform/records/definition.js";
import {
  ftsMatch,
  hiddenAny,
  likeEscape,
  matchRange,
  nameScore,
  SEARCH_CANDIDATES,
  textHighlight,
} from "../../platform/records/search.js";
import { searchIndexed } from "../../platform/records/search-backlog.js";

/** Products in global search: name (typo tolerant, words in any order) and SKU (exact or prefix). */
export const productsProvider: EntitySearchProvider = {
  match(actor, { q, norm }, alias) {
    if (hiddenAny(actor, "products", "name")) return sql<SqlBool>`false`;
    const showSku = !hiddenAny(actor, "products", "sku");
    const sku = q.text.trim();
    const skuColumn = sql.ref(`${alias}.sku`);
    const skuMatch = showSku
      ? sql`(${skuColumn} = ${sku} or ${skuColumn} like ${`${likeEscape(sku)}%`})`
      : sql`false`;
    const fts = ftsMatch(norm, [`${alias}.name`, `${alias}.sku`], !showSku);
    const name = sql`tandem_search_norm(${sql.ref(`${alias}.name`)})`;
    return sql<SqlBool>`(${name} like ${`%${likeEscape(norm)}%`} or ${norm} <% ${name} or ${fts} or ${skuMatch})`;
  },
  async search(db, actor, { q, norm, limit }) {
    if (scopeFor(actor, "products", "read") === "none" || hiddenAny(actor, "products", "name")) return [];
    const showSku = !hiddenAny(actor, "products", "sku");
    const sku = q.text.trim();
    const skuMatch = showSku ? sql`(p.sku = ${sku} or p.sku like ${`${likeEscape(sku)}%`})` : sql`false`;
    const fts = ftsMatch(norm, ["p.name", "p.sku"], !showSku);
    const rows = await sql<{ id: string; name: string; sku: string; score: number }>`
      select p.id, p.name, p.sku,
        greatest(
          0.85 * word_similarity(${norm}, tandem_search_norm(p.name)),
          ${nameScore("p.name", norm, fts)},
          case when ${skuMatch} then 1.0 else 0 end
        ) as score
      from (
        select * from products p
        where p.deleted_at is null and ${searchIndexed("p")}
          and ${ownerScope(actor, "products", "read", "p.owner_id")}
          and ${productsProvider.match(actor, { q, norm }, "p")}
        limit ${SEARCH_CANDIDATES}
      ) p
      order by score desc, p.name, p.id
      limit ${limit}`.execute(db);
    return rows.rows.map((r) => {
      const skuHit = showSku && matchRange(r.sku, sku)?.[0] === 0 && !matchRange(r.name, q.text);
      return {
        id: r.id,
        title: r.name,
        subtitle: showSku ? r.sku : null,
        highlight: skuHit
          ? { field: "sku", value: r.sku, range: matchRange(r.sku, sku) }
          : textHighlight(q, [["name", r.name]]),
        score: Number(r.score),
      };
    });
  },
};
