import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { scopeFor, widerScope } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import type { Filters } from "./filters.js";
import { ownerFilter, pipelineFilter } from "./filters.js";
import { overdueNowSql } from "./open-task-days.js";
import { atClose } from "./sales-repository.js";

const ENTITIES = ["deals", "activities", "tasks", "contacts"] as const;

/** The people a viewer gets a row for: those whose records they may read in any of the dashboard's entities. */
export function visiblePeople(actor: Actor): ReturnType<typeof sql<SqlBool>> {
  const scope = ENTITIES.map((e) => scopeFor(actor, e, "read")).reduce(widerScope, "none");
  if (scope === "all") return sql<SqlBool>`true`;
  if (scope === "team" && actor.teamId)
    return sql<SqlBool>`(u.id = ${actor.userId} or u.team_id = ${actor.teamId})`;
  if (scope === "none") return sql<SqlBool>`false`;
  return sql<SqlBool>`u.id = ${actor.userId}`;
}

export interface PersonFigures {
  user: string;
  team: string | null;
  calls: number;
  callsAnswered: number;
  talkTime: number;
  meetings: number;
  emails: number;
  tasksDone: number;
  tasksOverdue: number;
  dealsCreated: number;
  dealsWon: number;
  dealsLost: number;
  responseTime: number | null;
  /** The same median in working seconds of the business calendar (null when no calendar is set up). */
  responseTimeBusiness: number | null;
}

/**
 * Median working seconds from `from` to `to` (SQL `business_seconds`, in the calendar's zone or the owner's —
 * the `people` CTE's `time_zone`); null without a calendar, so the calendar-time figure stands alone.
 */
export function businessMedian(on: boolean, from: RawBuilder<unknown>, to: RawBuilder<unknown>) {
  return on
    ? sql`round(percentile_cont(0.5) within group (order by business_seconds(${from}, ${to}, p.time_zone)))::float8`
    : sql`null::float8`;
}

/**
 * Per manager for the period: calls made (outbound) and answered (inbound, reached), talk time, meetings,
 * e-mails sent, tasks done and overdue now, deals created / won / lost, and the median response time to new
 * leads (contact creation → first outbound call, e-mail, SMS or a meeting linked to the contact). Each figure
 * counts only records of its entity in the viewer's read scope.
 */
export async function teamPerformance(
  db: Database,
  actor: Actor,
  f: Filters,
  business = false,
): Promise<PersonFigures[]> {
  const scope = (entity: string, column: string) => ownerScope(actor, entity, "read", column);
  const r = await sql<PersonFigures>`
    with people as (
      select u.id, u.team_id, coalesce(u.time_zone, 'UTC') as time_zone from users u
      where u.is_active and ${visiblePeople(actor)} and ${ownerFilter(f, "u.id")}
      order by u.name limit 500),
    acts as (
      select a.owner_id,
        count(*) filter (where a.kind = 'call' and a.direction = 'out')::int as calls,
        count(*) filter (where a.kind = 'call' and a.direction = 'in'
          and coalesce(a.outcome, 'reached') = 'reached')::int as answered,
        coalesce(sum(a.duration_seconds) filter (where a.kind = 'call'), 0)::int as talk,
        count(*) filter (where a.kind = 'meeting')::int as meetings,
        count(*) filter (where a.kind = 'email' and a.direction = 'out')::int as emails
      from activities a join people p on p.id = a.owner_id
      where a.occurred_at >= ${f.from} and a.occurred_at < ${f.to} and a.deleted_at is null
        and a.kind in ('call', 'email', 'sms', 'meeting') and ${scope("activities", "a.owner_id")}
      group by a.owner_id),
    done as (
      select t.owner_id, count(*)::int as n from tasks t join people p on p.id = t.owner_id
      where t.status = 'done' and t.deleted_at is null and t.completed_at >= ${f.from} and t.completed_at < ${f.to}
        and ${scope("tasks", "t.owner_id")}
      group by t.owner_id),
    overdue as (${overdueNowSql((column) => scope("tasks", column))}),
    created as (
      select d.owner_id, count(*)::int as n from deals d join people p on p.id = d.owner_id
      where d.deleted_at is null and d.created_at >= ${f.from} and d.created_at < ${f.to}
        and ${pipelineFilter(f, "d.pipeline_id")} and ${scope("deals", "d.owner_id")}
      group by d.owner_id),
    closed as (
      select d.owner_id, count(*) filter (where s.kind = 'won')::int as won,
        count(*) filter (where s.kind = 'lost')::int as lost
      from deals d join people p on p.id = d.owner_id join pipeline_stages s on s.id = d.stage_id
      where d.deleted_at is null and d.closed_at >= ${f.from} and d.closed_at < ${f.to}
        and ${pipelineFilter(f, "d.pipeline_id")} and ${scope("deals", "d.owner_id")}
      group by d.owner_id),
    response as (
      select c.owner_id,
        round(percentile_cont(0.5) within group (order by extract(epoch from fa.at - c.created_at)))::float8 as secs,
        ${businessMedian(business, sql`c.created_at`, sql`fa.at`)} as business
      from contacts c join people p on p.id = c.owner_id
        cross join lateral (
          select min(l.occurred_at) as at from activity_links l join activities a on a.id = l.activity_id
          where l.entity = 'contacts' and l.record_id = c.id and l.occurred_at >= c.created_at
            and a.deleted_at is null
            and ((a.kind in ('call', 'email', 'sms') and a.direction = 'out') or a.kind = 'meeting')) fa
      where c.deleted_at is null and c.created_at >= ${f.from} and c.created_at < ${f.to} and fa.at is not null
        and ${scope("contacts", "c.owner_id")}
      group by c.owner_id)
    select p.id as user, p.team_id as team,
      coalesce(acts.calls, 0) as "calls", coalesce(acts.answered, 0) as "callsAnswered",
      coalesce(acts.talk, 0) as "talkTime", coalesce(acts.meetings, 0) as meetings,
      coalesce(acts.emails, 0) as emails, coalesce(done.n, 0) as "tasksDone",
      coalesce(overdue.n, 0) as "tasksOverdue", coalesce(created.n, 0) as "dealsCreated",
      coalesce(closed.won, 0) as "dealsWon", coalesce(closed.lost, 0) as "dealsLost",
      response.secs as "responseTime", response.business as "responseTimeBusiness"
    from people p
      left join acts on acts.owner_id = p.id left join done on done.owner_id = p.id
      left join overdue on overdue.owner_id = p.id left join created on created.owner_id = p.id
      left join closed on closed.owner_id = p.id left join response on response.owner_id = p.id
    order by "dealsWon" desc, "calls" desc, p.id`.execute(db);
  return r.rows;
}

export interface RevenueByPersonRow {
  user: string;
  currency: string;
  revenue: string;
  converted: string | null;
  no_rate: boolean;
}

/** Won revenue in the period per person and currency, also in the workspace currency (rate of the close day). */
export async function revenueByPerson(db: Database, actor: Actor, f: Filters, base: string) {
  const c = atClose(base, f);
  const r = await sql<RevenueByPersonRow>`
    select d.owner_id as user, d.currency, sum(d.amount)::text as revenue, ${c.sum} as converted,
      ${c.missing} as no_rate
    from deals d join pipeline_stages s on s.id = d.stage_id and s.kind = 'won'
    where d.deleted_at is null and d.closed_at >= ${f.from} and d.closed_at < ${f.to} and d.amount is not null
      and ${ownerScope(actor, "deals", "read", "d.owner_id")} and ${ownerFilter(f, "d.owner_id")}
      and ${pipelineFilter(f, "d.pipeline_id")}
    group by 1, 2 order by 1, 3 desc`.execute(db);
  return r.rows;
}
