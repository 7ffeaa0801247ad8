import { type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type {
  CommunicationQuery,
  CommunicationRow,
  CommunicationSource,
} from "../../platform/analytics/widget.js";
import type { Database } from "../../platform/db/database.js";
import { type Filters, ownerFilter, pipelineFilter } from "./filters.js";
import type { RollupView } from "./rollup-repository.js";
import { bySourceCounts, communicationsFromRollup } from "./rollup-widgets.js";
import { atClose } from "./sales-repository.js";

/**
 * Communications logged as activities: calls, e-mails, SMS (inbound/outbound by their direction) and meetings
 * (external with a contact among the participants, internal without). Modules that store messages elsewhere
 * (mailboxes, messengers, telephony) contribute their own `CommunicationSource` through `AppModule.analytics`.
 */
/** The direction classes of `query` as activity list conditions (a meeting's via `withContacts`). */
const DIRECTION: Record<CommunicationRow["direction"], Record<string, unknown>[]> = {
  inbound: [{ field: "direction", op: "eq", value: "in" }],
  outbound: [{ field: "direction", op: "eq", value: "out" }],
  external: [
    { field: "direction", op: "isEmpty" },
    { field: "withContacts", op: "eq", value: true },
  ],
  internal: [
    { field: "direction", op: "isEmpty" },
    { field: "withContacts", op: "eq", value: false },
  ],
};

export const activityCommunications: CommunicationSource = {
  channels: ["call", "email", "sms", "meeting"],
  entity: "activities",
  drill: ({ channel, direction }, { from, to }) =>
    DIRECTION[direction]
      ? [
          { field: "kind", op: "eq", value: channel },
          ...DIRECTION[direction],
          { field: "occurredAt", op: "gte", value: from.toISOString() },
          { field: "occurredAt", op: "lt", value: to.toISOString() },
        ]
      : null,
  async query(db, q: CommunicationQuery): Promise<CommunicationRow[]> {
    const r = await sql<CommunicationRow>`
      select to_char(date_trunc(${q.bucket}, a.occurred_at at time zone ${q.timeZone}), 'YYYY-MM-DD') as bucket,
        a.kind as channel, a.owner_id,
        case when a.direction = 'in' then 'inbound' when a.direction = 'out' then 'outbound'
          when jsonb_array_length(coalesce(a.participants -> 'contacts', '[]'::jsonb)) > 0 then 'external'
          else 'internal' end as direction,
        count(*)::int as count
      from activities a
      where a.occurred_at >= ${q.from} and a.occurred_at < ${q.to} and a.deleted_at is null
        and a.kind in ('call', 'email', 'sms', 'meeting')
        and ${ownerScope(q.actor, "activities", "read", "a.owner_id")} and ${q.owners("a.owner_id")}
      group by 1, 2, 3, 4`.execute(db);
    return r.rows;
  },
};

export async function communications(
  db: Database,
  actor: Actor,
  f: Filters,
  sources: readonly CommunicationSource[],
  rollup: RollupView | null = null,
): Promise<CommunicationRow[]> {
  const q: CommunicationQuery = {
    from: f.from,
    to: f.to,
    timeZone: f.timeZone,
    bucket: f.bucket,
    actor,
    owners: (column) => ownerFilter(f, column),
  };
  // The activities' own channels come from the daily rollup when the viewer's zone has one.
  const parts = await Promise.all(
    sources.map((s) =>
      rollup && s === activityCommunications
        ? communicationsFromRollup(db, actor, f, rollup)
        : s.query(db, q),
    ),
  );
  return parts.flat();
}

/** Team of each owner (null: no team), for the per-team view of communications. */
export async function teamsOf(db: Database, userIds: string[]): Promise<Map<string, string | null>> {
  if (!userIds.length) return new Map();
  const r = await sql<{ id: string; team_id: string | null }>`
    select id, team_id from users where id = any(${userIds}::uuid[])`.execute(db);
  return new Map(r.rows.map((row) => [row.id, row.team_id]));
}

const sourceKey = sql`coalesce(nullif(btrim(source), ''), null)`;

/** Leads (contacts created), deals created and deals won in the period by source. */
export async function bySource(db: Database, actor: Actor, f: Filters, rollup: RollupView | null = null) {
  const [leads, deals, won] = rollup
    ? await bySourceCounts(db, actor, f, rollup).then((c) => [
        { rows: c.leads },
        { rows: c.deals },
        { rows: c.won },
      ])
    : await Promise.all([
        sql<{ source: string | null; n: number }>`
      select ${sourceKey} as source, count(*)::int as n from contacts c
      where c.deleted_at is null and c.created_at >= ${f.from} and c.created_at < ${f.to}
        and ${ownerScope(actor, "contacts", "read", "c.owner_id")} and ${ownerFilter(f, "c.owner_id")}
      group by 1`.execute(db),
        sql<{ source: string | null; n: number }>`
      select ${sourceKey} as source, count(*)::int as n from deals d
      where d.deleted_at is null and d.created_at >= ${f.from} and d.created_at < ${f.to}
        and ${dealScope(actor, f)}
      group by 1`.execute(db),
        sql<{ source: string | null; n: number }>`
      select ${sourceKey} as source, count(*)::int as n from deals d
        join pipeline_stages s on s.id = d.stage_id and s.kind = 'won'
      where d.deleted_at is null and d.closed_at >= ${f.from} and d.closed_at < ${f.to} and d.closed_at is not null
        and ${dealScope(actor, f)}
      group by 1`.execute(db),
      ]);
  const rows = new Map<string, { source: string | null; leads: number; deals: number; won: number }>();
  const at = (source: string | null) => {
    const key = source ?? "\u0000";
    let row = rows.get(key);
    if (!row) {
      row = { source, leads: 0, deals: 0, won: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const r of leads.rows) at(r.source).leads = r.n;
  for (const r of deals.rows) at(r.source).deals = r.n;
  for (const r of won.rows) at(r.source).won = r.n;
  return [...rows.values()].sort((a, b) => b.leads + b.deals - (a.leads + a.deals)).slice(0, 100);
}

function dealScope(actor: Actor, f: Filters) {
  return sql<SqlBool>`${ownerScope(actor, "deals", "read", "d.owner_id")} and ${ownerFilter(f, "d.owner_id")}
    and ${pipelineFilter(f, "d.pipeline_id")}`;
}

export interface RevenueBySourceRow {
  source: string | null;
  currency: string;
  amount: string;
  won: number;
  converted: string | null;
  no_rate: boolean;
}

/** Won revenue in the period by source and currency, also in the workspace currency (rate of the close day). */
export async function revenueBySource(db: Database, actor: Actor, f: Filters, base: string) {
  const c = atClose(base, f);
  const r = await sql<RevenueBySourceRow>`
    select ${sourceKey} as source, d.currency, sum(d.amount)::text as amount, count(*)::int as won,
      ${c.sum} as converted, ${c.missing} as no_rate
    from deals d join pipeline_stages s on s.id = d.stage_id and s.kind = 'won'
    where d.deleted_at is null and d.closed_at >= ${f.from} and d.closed_at < ${f.to} and d.closed_at is not null
      and d.amount is not null and ${dealScope(actor, f)}
    group by 1, 2 order by sum(d.amount) desc limit 100`.execute(db);
  return r.rows;
}
