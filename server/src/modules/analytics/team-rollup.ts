import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import { type Filters, ownerFilter } from "./filters.js";
import { overdueNowSql } from "./open-task-days.js";
import type { RollupView } from "./rollup-repository.js";
import { personSums } from "./rollup-widgets.js";
import { businessMedian, type PersonFigures, visiblePeople } from "./team-repository.js";

/**
 * Team performance with the period's sums (communications, tasks done, deals created / won / lost) from the
 * daily rollups, the response time from the leads' first responses (`analytics_lead_responses`); tasks overdue
 * now from the trigger-kept open tasks per owner and day (`overdueNowSql`, exact). Same rows and order as
 * `teamPerformance`.
 */
export async function teamPerformanceFromRollup(
  db: Database,
  actor: Actor,
  f: Filters,
  v: RollupView,
  business = false,
): Promise<PersonFigures[]> {
  const scope = (entity: string, column: string) => ownerScope(actor, entity, "read", column);
  const r = await sql<{
    user: string;
    team: string | null;
    overdue: number;
    response: number | null;
    business: number | null;
  }>`
    with people as (
      select u.id, u.team_id, coalesce(u.time_zone, 'UTC') as time_zone from users u
      where u.is_active and ${visiblePeople(actor)} and ${ownerFilter(f, "u.id")}
      order by u.name limit 500),
    overdue as (${overdueNowSql((column) => scope("tasks", column))}),
    response as (
      select r.owner_id,
        round(percentile_cont(0.5) within group (order by extract(epoch from r.responded_at - r.created_at)))::float8 as secs,
        ${businessMedian(business, sql`r.created_at`, sql`r.responded_at`)} as business
      from analytics_lead_responses r join people p on p.id = r.owner_id
      where r.created_at >= ${f.from} and r.created_at < ${f.to} and r.responded_at is not null
        and ${scope("contacts", "r.owner_id")}
      group by r.owner_id)
    select p.id as user, p.team_id as team, coalesce(overdue.n, 0) as overdue, response.secs as response,
      response.business
    from people p left join overdue on overdue.owner_id = p.id left join response on response.owner_id = p.id`.execute(
    db,
  );
  const sums = await personSums(
    db,
    actor,
    f,
    v,
    r.rows.map((p) => p.user),
  );
  const rows: PersonFigures[] = r.rows.map((p) => {
    const s = sums.get(p.user);
    return {
      user: p.user,
      team: p.team,
      calls: s?.calls ?? 0,
      callsAnswered: s?.answered ?? 0,
      talkTime: s?.talk ?? 0,
      meetings: s?.meetings ?? 0,
      emails: s?.emails ?? 0,
      tasksDone: s?.done ?? 0,
      tasksOverdue: p.overdue,
      dealsCreated: s?.created ?? 0,
      dealsWon: s?.won ?? 0,
      dealsLost: s?.lost ?? 0,
      responseTime: p.response,
      responseTimeBusiness: p.business,
    };
  });
  // The direct query's order: deals won, calls (both descending), then the user id as PostgreSQL orders uuids.
  return rows.sort((a, b) =>
    b.dealsWon !== a.dealsWon
      ? b.dealsWon - a.dealsWon
      : b.calls !== a.calls
        ? b.calls - a.calls
        : a.user < b.user
          ? -1
          : a.user > b.user
            ? 1
            : 0,
  );
}
