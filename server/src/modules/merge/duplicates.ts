import { type Kysely, type RawBuilder, sql } from "kysely";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import { ownerScope, scopeOwners } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { BadRequestError } from "../../platform/errors.js";
import { decodeCursor, encodeCursor } from "../../platform/http/schemas.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { ANY_CITY, type DuplicateReason } from "../../platform/records/duplicate-keys.js";
import { hidesAny } from "../../platform/records/duplicates.js";
import type { MergeEntity } from "./service.js";

export interface DuplicateGroup {
  reason: DuplicateReason;
  value: string;
  /** The group's records, oldest first: all of them, or `MAX_IDS` of them when it has more. */
  ids: string[];
  /** How many records the group has (the caller may read them all). */
  size: number;
}

export interface DuplicatePage {
  items: DuplicateGroup[];
  nextCursor: string | null;
}

/** Strong keys first: a shared tax id or email says more than a shared name. */
const REASON_ORDER: readonly DuplicateReason[] = ["taxId", "email", "phone", "name"];
/** Ids listed per group; `size` tells the whole count. */
export const MAX_IDS = 25;
/**
 * Own/team scopes: shared groups an own/team page walks per reason (checking the readable owners' records of
 * each) before it takes the rest of that reason from the readable owners' keys instead (bounded by their number).
 */
export const WALK_BUDGET = 1000;

interface Lane {
  reason: DuplicateReason;
  /** Name groups: within one city (the city key), or anywhere when the role may not see the city. */
  byCity: boolean;
}

interface Row {
  key: string;
  block: string;
  ids: string[];
  size: number;
  title: string | null;
}

/**
 * Likely duplicates among the records the actor may read: the keys (`record_duplicate_keys`, kept by triggers
 * as records change) that more than one readable record shares, grouped by reason (tax id, email, phone, name
 * in one city) and keyset-paged by (reason, key, city). A page holds `limit` groups and a `nextCursor` when more
 * follow, else the rest and no cursor: never an empty page with a cursor. A key the role hides is never grouped
 * on (its value would be the group's `value`), and a hidden city is not compared. With the `all` read scope the
 * groups come from the shared keys' record counts (a row only for a key two or more records share); with own/team
 * the same shared groups are walked and each is checked for two or more records of the readable owners (past a
 * budget of groups, from the readable owners' keys) — `scopedGroups`.
 */
export async function findDuplicateGroups(
  db: Kysely<DB>,
  actor: Actor,
  entity: MergeEntity,
  opts: {
    limit: number;
    cursor?: string | undefined;
    /** Own/team scopes: groups walked per reason before the keys take over (tests; 0: the keys only). */
    walkBudget?: number;
  },
): Promise<DuplicatePage> {
  const after = opts.cursor ? decodeAfter(opts.cursor) : null;
  const def = entityCatalog().get(entity);
  const lanes = def ? lanesFor(def, actor) : [];
  if (!def || lanes.length === 0 || scopeFor(actor, entity, "read") === "none")
    return { items: [], nextCursor: null };
  const start = after ? REASON_ORDER.indexOf(after.reason) : 0;
  const found: Array<Row & { reason: DuplicateReason }> = [];
  for (const lane of lanes) {
    if (REASON_ORDER.indexOf(lane.reason) < start) continue;
    const from = after?.reason === lane.reason ? after : null;
    // One more than the page: whether a next page exists is known, not guessed.
    const rows = await laneGroups(
      db,
      actor,
      def,
      lane,
      from,
      opts.limit + 1 - found.length,
      opts.walkBudget ?? WALK_BUDGET,
    );
    found.push(...rows.map((r) => ({ ...r, reason: lane.reason })));
    if (found.length > opts.limit) break;
  }
  const page = found.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    items: page.map((g) => ({
      reason: g.reason,
      value: g.reason === "name" ? (g.title ?? g.key) : g.key,
      ids: g.ids,
      size: g.size,
    })),
    nextCursor: found.length > opts.limit && last ? encodeCursor([last.reason, last.key, last.block]) : null,
  };
}

/** The reasons the entity declares that the actor's role lets it compare, strongest first. */
function lanesFor(def: EntityDefinition, actor: Actor): Lane[] {
  const spec = def.duplicateKeys;
  if (!spec) return [];
  const lanes: Lane[] = [];
  for (const reason of REASON_ORDER) {
    if (reason === "name") {
      if (!spec.name || hidesAny(actor, def.name, ...spec.name.fields)) continue;
      const city = spec.name.city;
      lanes.push({ reason, byCity: Boolean(city) && !hidesAny(actor, def.name, ...(city?.fields ?? [])) });
    } else {
      const v = spec.values.find((x) => x.reason === reason);
      if (v && !hidesAny(actor, def.name, ...v.fields)) lanes.push({ reason, byCity: false });
    }
  }
  return lanes;
}

/**
 * Up to `limit` groups of one reason after `(key, block)`, in key order: each group's size and up to `MAX_IDS`
 * of its records (the first by id: a group of thousands is not read whole), then ordered oldest first.
 */
async function laneGroups(
  db: Kysely<DB>,
  actor: Actor,
  def: EntityDefinition,
  lane: Lane,
  after: { key: string; block: string } | null,
  limit: number,
  walkBudget: number,
): Promise<Row[]> {
  const rows =
    scopeFor(actor, def.name, "read") === "all"
      ? await sharedKeys(db, def, lane, after, limit)
      : await scopedGroups(db, actor, def, lane, after, limit, walkBudget);
  return rows.length > 0 ? oldestFirst(db, def, rows) : [];
}

type KeyRow = Omit<Row, "title">;

/** The group rows (alias `g`) of a lane: value keys have no block; names one per city, or `*` (any city). */
function groupBlocks(lane: Lane): RawBuilder<boolean> {
  return lane.reason !== "name"
    ? sql`g.block = ''`
    : lane.byCity
      ? sql`g.block <> ${ANY_CITY}`
      : sql`g.block = ${ANY_CITY}`;
}

/** The `all` scope: the keys more than one record shares (a partial index), in key order. */
async function sharedKeys(
  db: Kysely<DB>,
  def: EntityDefinition,
  lane: Lane,
  after: { key: string; block: string } | null,
  limit: number,
): Promise<KeyRow[]> {
  const block = groupBlocks(lane);
  // A name in any city has key rows of its own (block `*`), as every group has.
  const res = await sql<KeyRow>`
    select g.key, g.block, g.members as size,
      array(select k.record_id from record_duplicate_keys k
        where k.entity = g.entity and k.kind = g.kind and k.key = g.key and k.block = g.block
        order by k.record_id limit ${MAX_IDS}) as ids
    from record_duplicate_groups g
    where g.entity = ${def.name} and g.kind = ${lane.reason} and g.members > 1 and ${block}
      and ${after ? sql`(g.key, g.block) > (${after.key}, ${after.block})` : sql`true`}
    order by g.key, g.block
    limit ${limit}`.execute(db);
  return res.rows;
}

/**
 * Own/team scope, the same groups as `readableKeys` (a shared key more than one readable record holds; its size
 * and ids those of the readable records): the lane's shared groups are walked in key order, each checked by one
 * probe per readable owner (owner ids resolved before planning, `scopeOwners`; index-only on `(entity, kind,
 * owner_id, key, block, record_id)`), stopping when the page is full — a page costs about what the `all`
 * scope's does, however many keys the owners have. The walk looks at `budget` groups at most: when the owners
 * share few of the groups (many groups, few of them the team's), the rest of the lane comes from the readable
 * owners' keys after the last group walked, whose number bounds that work.
 */
async function scopedGroups(
  db: Kysely<DB>,
  actor: Actor,
  def: EntityDefinition,
  lane: Lane,
  after: { key: string; block: string } | null,
  limit: number,
  budget: number,
): Promise<KeyRow[]> {
  const owners = scopeOwners(actor, def.name, "read");
  if (owners === "none") return [];
  if (owners === "all" || budget <= 0) return readableKeys(db, actor, def, lane, after, limit);
  const lanes = sql`g.entity = ${def.name} and g.kind = ${lane.reason} and g.members > 1 and ${groupBlocks(lane)}
    and ${after ? sql`(g.key, g.block) > (${after.key}, ${after.block})` : sql`true`}`;
  // The last group the walk may look at (none: the lane has fewer groups than the budget).
  const bound = (
    await sql<{ key: string; block: string }>`
      select g.key, g.block from record_duplicate_groups g where ${lanes}
      order by g.key, g.block offset ${budget - 1} limit 1`.execute(db)
  ).rows[0];
  const res = await sql<KeyRow>`
    select g.key, g.block, m.size, m.ids
    from record_duplicate_groups g
    cross join lateral (
      select count(*)::int as size, (array_agg(x.record_id order by x.record_id))[1:${MAX_IDS}] as ids
      from unnest(${owners}) as o(id)
      -- offset 0: one index-only probe per owner, never the group's whole key range filtered by owner.
      cross join lateral (
        select k.record_id from record_duplicate_keys k
        where k.entity = ${def.name} and k.kind = ${lane.reason} and k.owner_id = o.id
          and k.key = g.key and k.block = g.block offset 0) x) m
    where ${lanes} and m.size > 1
      and ${bound ? sql`(g.key, g.block) <= (${bound.key}, ${bound.block})` : sql`true`}
    order by g.key, g.block
    limit ${limit}`.execute(db);
  if (!bound || res.rows.length >= limit) return res.rows;
  return [...res.rows, ...(await readableKeys(db, actor, def, lane, bound, limit - res.rows.length))];
}

/**
 * Own/team scope: the keys of the records of the owners the role may read, those of them that more than one
 * readable record shares (only keys shared at all are looked at).
 */
async function readableKeys(
  db: Kysely<DB>,
  actor: Actor,
  def: EntityDefinition,
  lane: Lane,
  after: { key: string; block: string } | null,
  limit: number,
): Promise<KeyRow[]> {
  const readableOwners = sql`select ou.id from users ou where ${ownerScope(actor, def.name, "read", "ou.id")}`;
  // Names: in one city (the city blocks) or in any city (their `*` rows).
  const blocks: RawBuilder<boolean> =
    lane.reason !== "name"
      ? sql`true`
      : lane.byCity
        ? sql`k.block <> ${ANY_CITY}`
        : sql`k.block = ${ANY_CITY}`;
  // The readable owners' keys first (materialized): their number bounds the work, however large the groups.
  const res = await sql<KeyRow>`
    with mine as materialized (
      select k.key, k.block, k.record_id from record_duplicate_keys k
      where k.entity = ${def.name} and k.kind = ${lane.reason} and k.owner_id in (${readableOwners})
        and ${blocks} and ${after ? sql`(k.key, k.block) > (${after.key}, ${after.block})` : sql`true`})
    select m.key, m.block, count(*)::int as size,
      (array_agg(m.record_id order by m.record_id))[1:${MAX_IDS}] as ids
    from mine m
    where exists (select 1 from record_duplicate_groups g where g.entity = ${def.name} and g.kind = ${lane.reason}
      and g.key = m.key and g.block = m.block and g.members > 1)
    group by m.key, m.block
    having count(*) > 1
    order by m.key, m.block
    limit ${limit}`.execute(db);
  return res.rows;
}

/** Orders each group's records oldest first and names the group by its oldest record (one lookup per page). */
async function oldestFirst(db: Kysely<DB>, def: EntityDefinition, rows: KeyRow[]): Promise<Row[]> {
  const nameColumn = def.duplicateKeys?.name?.column;
  const title = nameColumn ? sql.ref(`r.${nameColumn}`) : sql`null::text`;
  const live = def.softDeleteColumn ? sql`${sql.ref(`r.${def.softDeleteColumn}`)} is null` : sql`true`;
  const ids = [...new Set(rows.flatMap((r) => r.ids))];
  const res = await sql<{ id: string; title: string | null }>`
    select r.id, r.title from unnest(${ids}::uuid[]) as i(id)
    cross join lateral (
      -- offset 0: one primary-key probe per id, never a scan of the table.
      select r.id, r.created_at, ${title} as title from ${sql.table(def.table)} r
      where r.id = i.id and ${live} offset 0) r
    order by r.created_at, r.id`.execute(db);
  const rank = new Map(res.rows.map((r, i) => [r.id, i]));
  return rows.map((row) => {
    const ordered = row.ids
      .filter((id) => rank.has(id))
      .sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    const first = ordered[0];
    return { ...row, ids: ordered, title: first ? (res.rows[rank.get(first) ?? 0]?.title ?? null) : null };
  });
}

function decodeAfter(cursor: string): { reason: DuplicateReason; key: string; block: string } {
  const [reason, key, block] = decodeCursor(cursor, 3);
  if (
    !REASON_ORDER.includes(reason as DuplicateReason) ||
    typeof key !== "string" ||
    typeof block !== "string"
  ) {
    throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
  }
  return { reason: reason as DuplicateReason, key, block };
}
