import { type RawBuilder, type SqlBool, sql } from "kysely";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { type Filters, pipelineFilter } from "./filters.js";
import { ROLLUP_ENTITIES } from "./rollup-sql.js";
import { ROLLUP_CONSUMER } from "./rollups.js";

/** A zone's rollups ready to answer: exact when every change event of the rolled-up entities is applied. */
export interface RollupView {
  zone: string;
  exact: boolean;
  /** Now when exact, else when the oldest change not yet applied happened (the figures are as of then). */
  asOf: string;
}

/**
 * Whether the rollups of `zone` are built, and how current they are (one round trip): the oldest event of a
 * rolled-up entity after the consumer's cursor (or not yet sequenced) says how far behind they are.
 */
export async function rollupView(db: Database, zone: string): Promise<RollupView | null> {
  const r = await sql<{ ready: boolean; pending: Date | null }>`
    select (s.built_at is not null and z.built_at is not null) as ready,
      least(
        (select e.occurred_at from change_events e
          where e.position > coalesce(c.position, 0) and e.entity = any(${ROLLUP_ENTITIES}::text[])
          order by e.position limit 1),
        (select min(e.occurred_at) from change_events e
          where e.dispatched_at is null and e.entity = any(${ROLLUP_ENTITIES}::text[]))) as pending
    from analytics_rollup_state s
      left join analytics_rollup_zones z on z.zone = ${zone}
      left join change_consumers c on c.name = ${ROLLUP_CONSUMER}`.execute(db);
  const row = r.rows[0];
  if (!row?.ready) return null;
  return row.pending
    ? { zone, exact: false, asOf: row.pending.toISOString() }
    : { zone, exact: true, asOf: new Date().toISOString() };
}

/**
 * The owners whose records the viewer may read in `entity`, narrowed by the dashboard's team/person filter,
 * resolved to ids before the rollup query is planned (null: no restriction). Team scope = the actor and their
 * team's members; own = the actor.
 */
export async function ownerIds(
  db: Database,
  actor: Actor,
  entity: string,
  f: Pick<Filters, "teamId" | "userId">,
): Promise<string[] | null> {
  const scope = scopeFor(actor, entity, "read");
  if (scope === "none") return [];
  // The actor's own team travels with the actor (`teamUserIds`, read at authentication); only ask for it otherwise.
  const ownTeam = scope === "team" && actor.teamId ? actor.teamUserIds : undefined;
  const teams = [
    ...(scope === "team" && actor.teamId && !ownTeam ? [actor.teamId] : []),
    ...(f.teamId ? [f.teamId] : []),
  ];
  const members = teams.length
    ? await sql<{ id: string; team_id: string }>`
        select id, team_id from users where team_id = any(${teams}::uuid[])`.execute(db)
    : { rows: [] };
  const inTeam = (team: string) => members.rows.filter((m) => m.team_id === team).map((m) => m.id);
  let ids: string[] | null =
    scope === "all"
      ? null
      : scope === "team" && actor.teamId
        ? [actor.userId, ...(ownTeam ?? inTeam(actor.teamId))]
        : [actor.userId];
  const narrow = (allowed: string[]) => {
    ids = ids === null ? allowed : ids.filter((id) => allowed.includes(id));
  };
  if (f.userId) narrow([f.userId]);
  if (f.teamId) narrow(inTeam(f.teamId));
  return ids === null ? null : [...new Set(ids)];
}

/** `owner_id = any(ids)` (or true for no restriction) on a rollup alias. */
export function ownedBy(ids: string[] | null, column = "r.owner_id"): RawBuilder<SqlBool> {
  return ids === null ? sql<SqlBool>`true` : sql<SqlBool>`${sql.ref(column)} = any(${ids}::uuid[])`;
}

/** The period's local days in the rollup's zone (`from`/`to` are the starts of the first and next-after days). */
export function days(v: RollupView, f: Filters, alias = "r"): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.zone`)} = ${v.zone} and ${sql.ref(`${alias}.day`)} >= ${f.fromDate}::date
    and ${sql.ref(`${alias}.day`)} <= ${f.toDate}::date`;
}

/** Closed (won/lost) deal days of the period in scope, with the stage's kind — the base of several widgets. */
export function closedDeals(v: RollupView, f: Filters, owners: string[] | null) {
  return sql`select r.*, s.kind from analytics_deal_days r join pipeline_stages s on s.id = r.stage_id
    where r.event = 'closed' and ${days(v, f)} and ${ownedBy(owners)} and ${pipelineFilter(f, "r.pipeline_id")}`;
}
