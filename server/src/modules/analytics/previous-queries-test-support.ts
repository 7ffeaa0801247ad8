import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import { rateOn } from "../currencies/module.js";
import { type Filters, ownerFilter, pipelineFilter } from "./filters.js";

/**
 * The widgets' previous statements, kept as the reference the faster ones must answer exactly as (rollups tests
 * over random edit sequences, four roles, non-UTC zones): deal size with one rate probe per won deal.
 */
const deals = (actor: Actor, f: Filters): RawBuilder<SqlBool> =>
  sql<SqlBool>`d.deleted_at is null and ${ownerScope(actor, "deals", "read", "d.owner_id")}
    and ${ownerFilter(f, "d.owner_id")} and ${pipelineFilter(f, "d.pipeline_id")}`;

export async function dealSizePerDeal(db: Database, actor: Actor, f: Filters, base: string) {
  const r = await sql<Record<string, unknown>>`
    with w as (
      select d.currency, d.amount,
        d.amount * ${rateOn(base, sql`d.currency`, sql`(d.closed_at at time zone ${f.timeZone})::date`)} as converted
      from deals d join pipeline_stages s on s.id = d.stage_id and s.kind = 'won'
      where d.closed_at >= ${f.from} and d.closed_at < ${f.to} and d.closed_at is not null
        and d.amount is not null and ${deals(actor, f)})
    select w.currency, count(*)::int as won,
      case when grouping(w.currency) = 0 then round(avg(w.amount), 2)::text end as average,
      case when grouping(w.currency) = 0
        then round(percentile_cont(0.5) within group (order by w.amount)::numeric, 2)::text end as median,
      round(avg(w.converted), 2)::text as "averageConverted",
      round(percentile_cont(0.5) within group (order by w.converted)::numeric, 2)::text as "medianConverted",
      bool_or(w.converted is null) as no_rate
    from w group by grouping sets ((), (w.currency))
    having count(*) > 0
    order by grouping(w.currency) desc, won desc, w.currency`.execute(db);
  return r.rows;
}
