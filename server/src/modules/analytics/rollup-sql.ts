import { type RawBuilder, sql } from "kysely";

/**
 * The SQL that defines each daily rollup: per record entity, which rows count, the instants a row is counted
 * at (its footprint), and the aggregate of the rows of some local days of a zone into the rollup table. The
 * same aggregate fills a whole zone (days = null) and recomputes the days a change touched, so a maintained
 * rollup equals a rebuilt one by construction.
 */
export interface RollupSpec {
  entity: "activities" | "deals" | "contacts" | "tasks";
  rollupTable: string;
  /** The live rows counted (alias `r`). */
  counted: RawBuilder<unknown>;
  /** The row's instants, nulls removed (alias `r`). */
  instants: RawBuilder<unknown>;
  /** Contacts whose first response the row may be (activities: the contacts it is linked to). */
  contacts?: RawBuilder<unknown>;
  /** INSERT of the aggregate over the rows of `days` (local dates in `zone`), or of every row when null. */
  insert(zone: string, days: string[] | null): RawBuilder<unknown>;
}

/** Rows whose `column` falls on one of `days` in `zone` (a join on the day's half-open instant range). */
function onDays(column: string, zone: string, days: string[] | null): RawBuilder<unknown> {
  if (!days) return sql``;
  const col = sql.ref(column);
  return sql`join unnest(${days}::date[]) as d(day)
    on ${col} >= (d.day::timestamp at time zone ${zone}) and ${col} < ((d.day + 1)::timestamp at time zone ${zone})`;
}

const localDay = (column: string, zone: string) => sql`(${sql.ref(column)} at time zone ${zone})::date`;

/** The direction class of a communication, as activity monitoring reports it. */
export const directionClass = (
  alias: string,
) => sql`case when ${sql.ref(`${alias}.direction`)} = 'in' then 'inbound'
  when ${sql.ref(`${alias}.direction`)} = 'out' then 'outbound'
  when jsonb_array_length(coalesce(${sql.ref(`${alias}.participants`)} -> 'contacts', '[]'::jsonb)) > 0 then 'external'
  else 'internal' end`;

const source = sql`nullif(btrim(r.source), '')`;

export const ROLLUPS: RollupSpec[] = [
  {
    entity: "activities",
    rollupTable: "analytics_activity_days",
    counted: sql`r.deleted_at is null`,
    instants: sql`array[r.occurred_at]`,
    contacts: sql`array(select l.record_id from activity_links l where l.activity_id = r.id and l.entity = 'contacts')`,
    insert: (zone, days) => sql`
      insert into analytics_activity_days (zone, day, owner_id, kind, direction, count, answered, talk_seconds)
      select ${zone}, ${localDay("r.occurred_at", zone)}, r.owner_id, r.kind, ${directionClass("r")}, count(*),
        count(*) filter (where r.kind = 'call' and r.direction = 'in' and coalesce(r.outcome, 'reached') = 'reached'),
        coalesce(sum(r.duration_seconds) filter (where r.kind = 'call'), 0)
      from activities r ${onDays("r.occurred_at", zone, days)}
      where r.deleted_at is null
      group by 2, 3, 4, 5`,
  },
  {
    entity: "deals",
    rollupTable: "analytics_deal_days",
    counted: sql`r.deleted_at is null`,
    instants: sql`array_remove(array[r.created_at, r.closed_at], null)`,
    insert: (zone, days) => sql`
      insert into analytics_deal_days
        (zone, day, owner_id, event, pipeline_id, stage_id, currency, source, count, amount_count, amount_sum)
      select ${zone}, ${localDay("r.created_at", zone)}, r.owner_id, 'created', r.pipeline_id, r.stage_id,
        r.currency, ${source}, count(*), count(r.amount), sum(r.amount)
      from deals r ${onDays("r.created_at", zone, days)}
      where r.deleted_at is null
      group by 2, 3, 5, 6, 7, 8
      union all
      select ${zone}, ${localDay("r.closed_at", zone)}, r.owner_id, 'closed', r.pipeline_id, r.stage_id,
        r.currency, ${source}, count(*), count(r.amount), sum(r.amount)
      from deals r ${onDays("r.closed_at", zone, days)}
      where r.deleted_at is null and r.closed_at is not null
      group by 2, 3, 5, 6, 7, 8`,
  },
  {
    entity: "contacts",
    rollupTable: "analytics_contact_days",
    counted: sql`r.deleted_at is null`,
    instants: sql`array[r.created_at]`,
    insert: (zone, days) => sql`
      insert into analytics_contact_days (zone, day, owner_id, source, count)
      select ${zone}, ${localDay("r.created_at", zone)}, r.owner_id, ${source}, count(*)
      from contacts r ${onDays("r.created_at", zone, days)}
      where r.deleted_at is null
      group by 2, 3, 4`,
  },
  {
    entity: "tasks",
    rollupTable: "analytics_task_days",
    counted: sql`r.deleted_at is null and r.status = 'done' and r.completed_at is not null`,
    instants: sql`array[r.completed_at]`,
    insert: (zone, days) => sql`
      insert into analytics_task_days (zone, day, owner_id, done)
      select ${zone}, ${localDay("r.completed_at", zone)}, r.owner_id, count(*)
      from tasks r ${onDays("r.completed_at", zone, days)}
      where r.deleted_at is null and r.status = 'done'
      group by 2, 3`,
  },
];

/** First responses of `contacts` (null: every live contact), as team performance's response time reads them. */
export function leadResponses(contacts: string[] | null): RawBuilder<unknown> {
  const only = contacts ? sql`and c.id = any(${contacts}::uuid[])` : sql``;
  return sql`
    insert into analytics_lead_responses (contact_id, owner_id, created_at, responded_at)
    select c.id, c.owner_id, c.created_at, fa.at from contacts c
      left join lateral (
        select min(l.occurred_at) as at from activity_links l join activities a on a.id = l.activity_id
        where l.entity = 'contacts' and l.record_id = c.id and l.occurred_at >= c.created_at
          and a.deleted_at is null
          and ((a.kind in ('call', 'email', 'sms') and a.direction = 'out') or a.kind = 'meeting')) fa on true
    where c.deleted_at is null ${only}`;
}

export const ROLLUP_ENTITIES = ROLLUPS.map((r) => r.entity);
