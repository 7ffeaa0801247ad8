import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { CommunicationRow } from "../../platform/analytics/widget.js";
import type { Database } from "../../platform/db/database.js";
import { convertedSum } from "../currencies/module.js";
import type { RevenueBySourceRow } from "./activity-repository.js";
import { type Filters, pipelineFilter } from "./filters.js";
import { closedDeals, days, ownedBy, ownerIds, type RollupView } from "./rollup-repository.js";
import type { WonRevenueRow } from "./sales-repository.js";
import type { RevenueByPersonRow } from "./team-repository.js";

/**
 * The built-in widgets that are sums over days, answered from the daily rollups: O(owners × days) rows instead
 * of the period's records. Each returns exactly what its direct query in `sales-repository.ts`,
 * `team-repository.ts` or `activity-repository.ts` returns (same rows, order and text of money) — checked
 * against them in `rollups.test.ts`.
 */

const COMMS = sql`('call', 'email', 'sms', 'meeting')`;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Activity communications per bucket × channel × owner × direction (the activities' `CommunicationSource`). */
export async function communicationsFromRollup(db: Database, actor: Actor, f: Filters, v: RollupView) {
  const owners = await ownerIds(db, actor, "activities", f);
  const r = await sql<CommunicationRow>`
    select to_char(date_trunc(${f.bucket}, r.day::timestamp), 'YYYY-MM-DD') as bucket, r.kind as channel,
      r.owner_id, r.direction, sum(r.count)::int as count
    from analytics_activity_days r
    where ${days(v, f)} and r.kind in ${COMMS} and ${ownedBy(owners)}
    group by 1, 2, 3, 4`.execute(db);
  return r.rows;
}

export async function winRateFromRollup(db: Database, actor: Actor, f: Filters, v: RollupView) {
  const owners = await ownerIds(db, actor, "deals", f);
  const r = await sql<{ user: string; won: number; lost: number }>`
    select c.owner_id as user, coalesce(sum(c.count) filter (where c.kind = 'won'), 0)::int as won,
      coalesce(sum(c.count) filter (where c.kind = 'lost'), 0)::int as lost
    from (${closedDeals(v, f, owners)}) c
    group by c.owner_id order by won desc, lost, c.owner_id limit 200`.execute(db);
  return r.rows.map((row) => ({
    ...row,
    winRate: row.won + row.lost ? round1((row.won * 100) / (row.won + row.lost)) : null,
  }));
}

export async function wonRevenueFromRollup(
  db: Database,
  actor: Actor,
  f: Filters,
  v: RollupView,
  base: string,
) {
  const owners = await ownerIds(db, actor, "deals", f);
  // Each day's sum at that day's rate: the same figure as converting every deal at its close day.
  const c = convertedSum(base, sql`c.amount_sum`, sql`c.currency`, sql`c.day`);
  const r = await sql<WonRevenueRow>`
    select to_char(c.day, 'YYYY-MM') as month, c.currency, sum(c.amount_count)::int as won,
      sum(c.amount_sum)::text as amount, ${c.sum} as converted, ${c.missing} as no_rate
    from (${closedDeals(v, f, owners)}) c
    where c.kind = 'won' and c.amount_count > 0
    group by 1, 2 order by 1, 2`.execute(db);
  return r.rows;
}

export async function revenueByPersonFromRollup(
  db: Database,
  actor: Actor,
  f: Filters,
  v: RollupView,
  base: string,
) {
  const owners = await ownerIds(db, actor, "deals", f);
  const x = convertedSum(base, sql`c.amount_sum`, sql`c.currency`, sql`c.day`);
  const r = await sql<RevenueByPersonRow>`
    select c.owner_id as user, c.currency, sum(c.amount_sum)::text as revenue,
      ${x.sum} as converted, ${x.missing} as no_rate
    from (${closedDeals(v, f, owners)}) c
    where c.kind = 'won' and c.amount_count > 0
    group by 1, 2 order by 1, 3 desc`.execute(db);
  return r.rows;
}

export async function revenueBySourceFromRollup(
  db: Database,
  actor: Actor,
  f: Filters,
  v: RollupView,
  base: string,
) {
  const owners = await ownerIds(db, actor, "deals", f);
  const x = convertedSum(base, sql`c.amount_sum`, sql`c.currency`, sql`c.day`);
  const r = await sql<RevenueBySourceRow>`
    select c.source, c.currency, sum(c.amount_sum)::text as amount, sum(c.amount_count)::int as won,
      ${x.sum} as converted, ${x.missing} as no_rate
    from (${closedDeals(v, f, owners)}) c
    where c.kind = 'won' and c.amount_count > 0
    group by 1, 2 order by sum(c.amount_sum) desc limit 100`.execute(db);
  return r.rows;
}

/** Leads, deals created and deals won by source. */
export async function bySourceCounts(db: Database, actor: Actor, f: Filters, v: RollupView) {
  const [contactOwners, dealOwners] = await Promise.all([
    ownerIds(db, actor, "contacts", f),
    ownerIds(db, actor, "deals", f),
  ]);
  const [leads, deals, won] = await Promise.all([
    sql<{ source: string | null; n: number }>`
      select r.source, sum(r.count)::int as n from analytics_contact_days r
      where ${days(v, f)} and ${ownedBy(contactOwners)} group by 1`.execute(db),
    sql<{ source: string | null; n: number }>`
      select r.source, sum(r.count)::int as n from analytics_deal_days r
      where r.event = 'created' and ${days(v, f)} and ${ownedBy(dealOwners)} and ${pipelineFilter(f, "r.pipeline_id")}
      group by 1`.execute(db),
    sql<{ source: string | null; n: number }>`
      select c.source, sum(c.count)::int as n from (${closedDeals(v, f, dealOwners)}) c
      where c.kind = 'won' group by 1`.execute(db),
  ]);
  return { leads: leads.rows, deals: deals.rows, won: won.rows };
}

/** Per person: communications, tasks done, deals created / won / lost of the period. */
export interface PersonSums {
  calls: number;
  answered: number;
  talk: number;
  meetings: number;
  emails: number;
  done: number;
  created: number;
  won: number;
  lost: number;
}

export async function personSums(
  db: Database,
  actor: Actor,
  f: Filters,
  v: RollupView,
  people: string[],
): Promise<Map<string, PersonSums>> {
  const scoped = async (entity: string) => {
    const ids = await ownerIds(db, actor, entity, f);
    return ids === null ? people : ids.filter((id) => people.includes(id));
  };
  const [actOwners, taskOwners, dealOwners] = await Promise.all([
    scoped("activities"),
    scoped("tasks"),
    scoped("deals"),
  ]);
  const [acts, done, deals] = await Promise.all([
    sql<{
      owner_id: string;
      calls: number;
      answered: number;
      talk: number;
      meetings: number;
      emails: number;
    }>`
      select r.owner_id,
        coalesce(sum(r.count) filter (where r.kind = 'call' and r.direction = 'outbound'), 0)::int as calls,
        coalesce(sum(r.answered) filter (where r.kind = 'call'), 0)::int as answered,
        coalesce(sum(r.talk_seconds) filter (where r.kind = 'call'), 0)::int as talk,
        coalesce(sum(r.count) filter (where r.kind = 'meeting'), 0)::int as meetings,
        coalesce(sum(r.count) filter (where r.kind = 'email' and r.direction = 'outbound'), 0)::int as emails
      from analytics_activity_days r
      where ${days(v, f)} and r.kind in ${COMMS} and ${ownedBy(actOwners)}
      group by r.owner_id`.execute(db),
    sql<{ owner_id: string; n: number }>`
      select r.owner_id, sum(r.done)::int as n from analytics_task_days r
      where ${days(v, f)} and ${ownedBy(taskOwners)} group by r.owner_id`.execute(db),
    sql<{ owner_id: string; created: number; won: number; lost: number }>`
      select r.owner_id,
        coalesce(sum(r.count) filter (where r.event = 'created'), 0)::int as created,
        coalesce(sum(r.count) filter (where r.event = 'closed' and s.kind = 'won'), 0)::int as won,
        coalesce(sum(r.count) filter (where r.event = 'closed' and s.kind = 'lost'), 0)::int as lost
      from analytics_deal_days r join pipeline_stages s on s.id = r.stage_id
      where ${days(v, f)} and ${ownedBy(dealOwners)} and ${pipelineFilter(f, "r.pipeline_id")}
      group by r.owner_id`.execute(db),
  ]);
  const out = new Map<string, PersonSums>();
  const at = (id: string) => {
    let row = out.get(id);
    if (!row) {
      row = { calls: 0, answered: 0, talk: 0, meetings: 0, emails: 0, done: 0, created: 0, won: 0, lost: 0 };
      out.set(id, row);
    }
    return row;
  };
  for (const { owner_id, ...a } of acts.rows) Object.assign(at(owner_id), a);
  for (const t of done.rows) at(t.owner_id).done = t.n;
  for (const d of deals.rows) Object.assign(at(d.owner_id), { created: d.created, won: d.won, lost: d.lost });
  return out;
}
