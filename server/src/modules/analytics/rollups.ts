import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { ChangeConsumer, DeliveredEvent } from "../../platform/events/consumer.js";
import { applyDealRollups, buildDealRollups } from "./deal-rollup-sql.js";
import { refreshPeriods } from "./rollup-periods.js";
import { leadResponses, ROLLUP_ENTITIES, ROLLUPS, type RollupSpec } from "./rollup-sql.js";

/**
 * Maintenance of the daily rollups (tables in migration `20261207_0210_analytics_rollups`, SQL in
 * `rollup-sql.ts`; weekly/monthly levels: `rollup-periods.ts`) and the per-deal ones (funnel, stage stays, forecast: `deal-rollup-sql.ts`).
 *
 * - **Build** (`buildRollups`, job `analytics.rollups-build` every minute while something is unbuilt): the
 *   footprints of every counted record and each zone's days, in one transaction holding the state row
 *   `FOR UPDATE`. A crash rolls the whole build back; the next tick starts it again.
 * - **Apply** (consumer `analytics.rollups`): for the records a batch of change events names, the days they were
 *   counted at (their stored footprint) and the days they are counted at now are recomputed from the records,
 *   in each built zone; footprints are replaced. It runs in the transaction that moves the consumer's cursor
 *   (exactly once; a failed batch leaves nothing behind) and holds the state row `FOR SHARE`, so it waits for
 *   a build instead of racing it. Recomputing from the records makes it independent of what an event carries
 *   (imports, merges and reverts name ids only).
 */

type Db = Kysely<DB> | Transaction<DB>;

export const ROLLUP_CONSUMER = "analytics.rollups";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Record ids an event names: its own, and ids listed by imports, reverts and merges. */
export function recordIds(e: Pick<DeliveredEvent, "entityId" | "changes">): string[] {
  const ids = [e.entityId];
  for (const [key, value] of Object.entries(e.changes ?? {})) {
    if (Array.isArray(value)) for (const v of value) if (typeof v === "string" && UUID.test(v)) ids.push(v);
    if (key === "mergedInto" && typeof value === "string" && UUID.test(value)) ids.push(value);
  }
  return ids;
}

async function builtZones(trx: Db): Promise<string[]> {
  const r = await sql<{ zone: string }>`
    select zone from analytics_rollup_zones where built_at is not null order by zone`.execute(trx);
  return r.rows.map((row) => row.zone);
}

/**
 * Recomputes what `ids` of one entity contribute: footprints, and the touched days of each built zone. Returns
 * the contacts whose first response may have changed (activities: linked before or now; contacts: themselves).
 */
async function applyEntity(trx: Db, spec: RollupSpec, ids: string[], zones: string[]): Promise<string[]> {
  const table = sql.table(spec.entity);
  const contacts = spec.contacts ?? sql`null::uuid[]`;
  const old = await sql<{ at: string[]; contacts: string[] | null }>`
    delete from analytics_rollup_footprints where record_id = any(${ids}::uuid[]) and entity = ${spec.entity}
    returning at::text[] as at, contacts`.execute(trx);
  const now = await sql<{ at: string[]; contacts: string[] | null }>`
    insert into analytics_rollup_footprints (record_id, entity, at, contacts)
    select r.id, ${spec.entity}, ${spec.instants}, ${contacts} from ${table} r
    where r.id = any(${ids}::uuid[]) and ${spec.counted}
    on conflict (record_id) do update set entity = excluded.entity, at = excluded.at, contacts = excluded.contacts
    returning at::text[] as at, contacts`.execute(trx);
  const rows = [...old.rows, ...now.rows];
  const instants = [...new Set(rows.flatMap((row) => row.at))];
  for (const zone of instants.length ? zones : []) {
    const days = await sql<{ day: string }>`
      select distinct to_char((t at time zone ${zone})::date, 'YYYY-MM-DD') as day
      from unnest(${instants}::timestamptz[]) t`.execute(trx);
    const list = days.rows.map((row) => row.day);
    await sql`delete from ${sql.table(spec.rollupTable)} where zone = ${zone} and day = any(${list}::date[])`.execute(
      trx,
    );
    await spec.insert(zone, list).execute(trx);
    await refreshPeriods(trx, spec.rollupTable, zone, list);
  }
  return spec.entity === "contacts" ? ids : rows.flatMap((row) => row.contacts ?? []);
}

/** Recomputes the first response of `contacts` (gone or deleted contacts lose their row). */
async function applyResponses(trx: Db, contacts: string[] | null): Promise<void> {
  if (contacts && !contacts.length) return;
  await (contacts
    ? sql`delete from analytics_lead_responses where contact_id = any(${contacts}::uuid[])`
    : sql`delete from analytics_lead_responses`
  ).execute(trx);
  await leadResponses(contacts).execute(trx);
}

/** Applies a batch of change events to the rollups (no-op before the first build). */
export async function applyEvents(
  trx: Db,
  events: readonly Pick<DeliveredEvent, "entity" | "entityId" | "changes">[],
): Promise<void> {
  const state = await sql<{ built_at: Date | null }>`
    select built_at from analytics_rollup_state for share`.execute(trx);
  if (!state.rows[0]?.built_at) return;
  const zones = await builtZones(trx);
  const contacts = new Set<string>();
  for (const spec of ROLLUPS) {
    const ids = [...new Set(events.filter((e) => e.entity === spec.entity).flatMap(recordIds))];
    if (ids.length) for (const c of await applyEntity(trx, spec, ids, zones)) contacts.add(c);
  }
  await applyResponses(trx, [...contacts]);
  await applyDealRollups(trx, [...new Set(events.filter((e) => e.entity === "deals").flatMap(recordIds))]);
  await sql`update analytics_rollup_state set applied_at = now()`.execute(trx);
}

export function rollupConsumer(): ChangeConsumer {
  return {
    name: ROLLUP_CONSUMER,
    events: ROLLUP_ENTITIES.map((e) => `${e}.*`),
    batchSize: 1000,
    handle: (events, { trx }) => applyEvents(trx, events),
  };
}

/**
 * Builds what is missing: the users' time zones not yet rolled up are added; with no build yet, footprints
 * and every zone are built, else only the unbuilt zones. Returns the zones built. Serialized with the consumer
 * by the state row lock; one transaction, so a crash leaves the previous state.
 */
export async function buildRollups(db: Kysely<DB>, opts: { full?: boolean } = {}): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const state = await sql<{ built_at: Date | null }>`
      select built_at from analytics_rollup_state for update`.execute(trx);
    const full = opts.full || !state.rows[0]?.built_at;
    await sql`
      insert into analytics_rollup_zones (zone)
      select distinct time_zone from users where is_active and time_zone is not null
      on conflict (zone) do nothing`.execute(trx);
    const zones = await sql<{ zone: string }>`
      select zone from analytics_rollup_zones where ${full ? sql`true` : sql`built_at is null`} order by zone`.execute(
      trx,
    );
    const build = zones.rows.map((row) => row.zone);
    if (!full && !build.length) return [];
    if (full) {
      await sql`delete from analytics_rollup_footprints`.execute(trx);
      for (const spec of ROLLUPS) {
        await sql`
          insert into analytics_rollup_footprints (record_id, entity, at, contacts)
          select r.id, ${spec.entity}, ${spec.instants}, ${spec.contacts ?? sql`null::uuid[]`}
          from ${sql.table(spec.entity)} r
          where ${spec.counted}`.execute(trx);
      }
      await applyResponses(trx, null);
      await buildDealRollups(trx);
    }
    for (const zone of build) {
      for (const spec of ROLLUPS) {
        await sql`delete from ${sql.table(spec.rollupTable)} where zone = ${zone}`.execute(trx);
        await spec.insert(zone, null).execute(trx);
        await refreshPeriods(trx, spec.rollupTable, zone, null);
      }
    }
    await sql`update analytics_rollup_zones set built_at = now() where zone = any(${build}::text[])`.execute(
      trx,
    );
    await sql`update analytics_rollup_state set built_at = now(), applied_at = coalesce(applied_at, now())`.execute(
      trx,
    );
    return build;
  });
}

/** Whether the build job has anything to do (cheap; the job skips the transaction otherwise). */
export async function rollupsPending(db: Db): Promise<boolean> {
  const r = await sql<{ pending: boolean }>`
    select (select built_at is null from analytics_rollup_state)
      or exists (select 1 from analytics_rollup_zones where built_at is null)
      or exists (select 1 from users u where u.is_active and u.time_zone is not null
        and not exists (select 1 from analytics_rollup_zones z where z.zone = u.time_zone)) as pending`.execute(
    db,
  );
  return r.rows[0]?.pending ?? false;
}
