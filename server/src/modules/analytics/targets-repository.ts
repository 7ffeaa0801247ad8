import { type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { scopeFor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import { rateOn } from "../currencies/module.js";
import type { Filters } from "./filters.js";
import { rateAtClose } from "./sales-repository.js";

export interface TargetRow {
  id: string;
  user_id: string | null;
  team_id: string | null;
  month: string;
  currency: string;
  amount: string;
}

/**
 * Targets a viewer may see: a person's when their deals are in the viewer's deal read scope, a team's when the
 * scope is `all` or it is the viewer's own team (with team scope).
 */
function visibleTargets(actor: Actor): ReturnType<typeof sql<SqlBool>> {
  const scope = scopeFor(actor, "deals", "read");
  const team =
    scope === "all"
      ? sql<SqlBool>`true`
      : scope === "team" && actor.teamId
        ? sql<SqlBool>`t.team_id = ${actor.teamId}`
        : sql<SqlBool>`false`;
  return sql<SqlBool>`((t.user_id is not null and ${ownerScope(actor, "deals", "read", "t.user_id")})
    or (t.team_id is not null and ${team}))`;
}

export async function listTargets(db: Database, actor: Actor, fromMonth: string, toMonth: string) {
  const r = await sql<TargetRow>`
    select t.id, t.user_id, t.team_id, to_char(t.month, 'YYYY-MM') as month, t.currency, t.amount::text as amount
    from sales_targets t
    where t.month >= ${`${fromMonth}-01`}::date and t.month <= ${`${toMonth}-01`}::date and ${visibleTargets(actor)}
    order by t.month, t.team_id nulls last, t.user_id, t.currency`.execute(db);
  return r.rows;
}

export async function upsertTarget(
  db: Database,
  t: { userId: string | null; teamId: string | null; month: string; currency: string; amount: string },
): Promise<TargetRow> {
  const r = await sql<TargetRow>`
    insert into sales_targets (user_id, team_id, month, currency, amount)
    values (${t.userId}, ${t.teamId}, ${`${t.month}-01`}::date, ${t.currency}, ${t.amount}::numeric)
    on conflict (coalesce(user_id, team_id), month, currency) do update set amount = excluded.amount
    returning id, user_id, team_id, to_char(month, 'YYYY-MM') as month, currency, amount::text as amount`.execute(
    db,
  );
  const row = r.rows[0];
  if (!row) throw new Error("target not written");
  return row;
}

export async function deleteTarget(db: Database, id: string): Promise<boolean> {
  const r = await sql`delete from sales_targets where id = ${id}`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/**
 * Plan vs fact per target of the period's months: the fact is the won revenue in the target's currency and
 * month (viewer's time zone) of the person, or of the team's members — counted within the viewer's deal read
 * scope, so a manager never sees more of a team's revenue than they could list.
 */
export async function planFact(db: Database, actor: Actor, f: Filters, base: string) {
  // Won deals of every currency, each converted at the rate of its close day (`converted` NULL without one).
  const rate = rateAtClose(base, f);
  const targetRate = rateOn(base, sql`t.currency`, sql`t.month`);
  const r = await sql<{
    month: string;
    user: string | null;
    team: string | null;
    currency: string;
    target: string;
    fact: string;
    targetConverted: string | null;
    factConverted: string | null;
    no_rate: boolean;
    missing: string[];
  }>`
    with fact as materialized (
      select d.owner_id, u.team_id, date_trunc('month', d.closed_at at time zone ${f.timeZone})::date as month,
        d.currency, sum(d.amount) as amount, sum(d.amount * ${rate}) as converted,
        bool_or(${rate} is null) as no_rate
      from deals d join pipeline_stages s on s.id = d.stage_id and s.kind = 'won'
        join users u on u.id = d.owner_id
      where d.deleted_at is null and d.closed_at is not null and d.amount is not null
        and d.closed_at >= (date_trunc('month', ${f.fromDate}::date)::timestamp at time zone ${f.timeZone})
        and d.closed_at < ((date_trunc('month', ${f.toDate}::date) + interval '1 month')::timestamp at time zone ${f.timeZone})
        and ${ownerScope(actor, "deals", "read", "d.owner_id")}
        and ${f.pipelineId ? sql<SqlBool>`d.pipeline_id = ${f.pipelineId}` : sql<SqlBool>`true`}
      group by 1, 2, 3, 4)
    select to_char(t.month, 'YYYY-MM') as month, t.user_id as user, t.team_id as team, t.currency,
      t.amount::text as target, x.fact::text as fact,
      round(t.amount * ${targetRate}, 2)::text as "targetConverted",
      round(x.converted, 2)::text as "factConverted",
      (${targetRate} is null or x.missing <> '{}') as no_rate, x.missing
    from sales_targets t
      cross join lateral (
        select coalesce(sum(y.amount) filter (where y.currency = t.currency), 0) as fact,
          coalesce(sum(y.converted), 0) as converted,
          coalesce(array_agg(distinct y.currency) filter (where y.no_rate), '{}') as missing
        from fact y
        where y.month = t.month and (y.owner_id = t.user_id or y.team_id = t.team_id)) x
    where t.month >= date_trunc('month', ${f.fromDate}::date) and t.month <= ${f.toDate}::date
      and ${visibleTargets(actor)}
      and ${f.userId ? sql<SqlBool>`t.user_id = ${f.userId}` : sql<SqlBool>`true`}
      and ${f.teamId ? sql<SqlBool>`(t.team_id = ${f.teamId} or t.user_id in (select id from users where team_id = ${f.teamId}))` : sql<SqlBool>`true`}
    order by t.month, t.team_id nulls last, t.user_id, t.currency limit 500`.execute(db);
  const missing = new Set<string>();
  const rows = r.rows.map(({ missing: m, no_rate, ...row }) => {
    for (const c of m) missing.add(c);
    if (no_rate && row.targetConverted === null) missing.add(row.currency);
    // Progress over every currency in the workspace currency when the target converts; else the target's own.
    const [fact, target] =
      row.targetConverted !== null
        ? [Number(row.factConverted), Number(row.targetConverted)]
        : [Number(row.fact), Number(row.target)];
    return {
      ...row,
      workspaceCurrency: base,
      progress: target > 0 ? Math.round((fact * 1000) / target) / 10 : null,
    };
  });
  return { rows, missing };
}
