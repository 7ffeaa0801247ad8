import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import { type Actor, hasAdminPermission, type RequestContext } from "../../platform/access/actor.js";
import { fieldsFor } from "../../platform/access/fields.js";
import { patchRow } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { compileFilterNode } from "../../platform/query/filter.js";
import { userTimeZone } from "../../platform/query/list.js";
import { parseSort } from "../../platform/query/sort.js";
import { filterRedactor } from "./redact.js";
import type { CreateViewInput, UpdateViewInput } from "./schemas.js";
import type { SavedViewsTable } from "./tables.js";

type Trx = Transaction<DB>;
/** Reads run on the pool (no BEGIN/COMMIT) or inside a caller's transaction. */
export type Db = Kysely<DB> | Transaction<DB>;
type Row = Selectable<SavedViewsTable>;

type Redact = Awaited<ReturnType<typeof filterRedactor>>;

/** A view as `actor` sees it: conditions on fields the actor's role hides lose their values (redact.ts). */
const present = (actor: Actor, r: Row, redact: Redact) => ({
  id: r.id,
  entity: r.entity,
  name: r.name,
  filter: redact(r.entity, (r.filter ?? null) as Record<string, unknown> | null),
  sort: r.sort,
  columns: r.columns,
  visibility: r.visibility,
  ownerId: r.owner_id,
  teamId: r.team_id,
  mine: r.owner_id === actor.userId,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

function visible(actor: Actor) {
  return sql<boolean>`(v.owner_id = ${actor.userId} or v.visibility = 'everyone'
    or (v.visibility = 'team' and v.team_id is not distinct from ${actor.teamId}::uuid and ${actor.teamId}::uuid is not null))`;
}

export async function listViews(trx: Db, ctx: RequestContext, entity: string | undefined) {
  let q = trx
    .selectFrom("saved_views as v")
    .selectAll("v")
    .where(visible(ctx.actor))
    .orderBy("v.name")
    .orderBy("v.id");
  if (entity) q = q.where("v.entity", "=", entity);
  const rows = await q.execute();
  const redact = await filterRedactor(
    trx,
    ctx.actor,
    rows.map((r) => r.entity),
  );
  return rows.map((r) => present(ctx.actor, r, redact));
}

/** One view the caller can see (own, their team's, everyone's); any other is 404. */
export async function getView(trx: Db, ctx: RequestContext, id: string) {
  const row = await trx
    .selectFrom("saved_views as v")
    .selectAll("v")
    .where("v.id", "=", id)
    .where(visible(ctx.actor))
    .executeTakeFirst();
  if (!row) throw new NotFoundError("View");
  return present(ctx.actor, row, await filterRedactor(trx, ctx.actor, [row.entity]));
}

/** A view's filter and sort must compile for its author now (unknown/hidden fields → 422). */
async function checkQuery(trx: Trx, actor: Actor, entity: string, filter: unknown, sort: string) {
  const fields = await fieldsFor(trx, entity);
  if (filter)
    compileFilterNode(filter, { actor, entity, alias: "x", fields, timeZone: userTimeZone(actor.userId) });
  if (sort) parseSort(sort, "id", { actor, entity, fields });
  const known = new Set(["id", ...fields.map((f) => f.key)]);
  return known;
}

function checkColumns(known: Set<string>, columns: string[]) {
  const bad = columns.filter((c) => !known.has(c));
  if (bad.length > 0) {
    throw new ValidationError(
      bad.map((c) => ({
        field: `columns.${c.slice(0, 100)}`,
        message: "Unknown field.",
        code: "unknown_field",
      })),
    );
  }
}

function teamFor(actor: Actor, visibility: string) {
  if (visibility === "team" && !actor.teamId) {
    throw ValidationError.field("visibility", "You are not in a team.", "no_team");
  }
  return visibility === "team" ? actor.teamId : null;
}

export async function createView(trx: Trx, ctx: RequestContext, input: CreateViewInput) {
  if (ctx.actor.readOnly) throw new ForbiddenError("permission_denied", "This token is read-only.");
  const known = await checkQuery(trx, ctx.actor, input.entity, input.filter, input.sort);
  checkColumns(known, input.columns);
  const row = await trx
    .insertInto("saved_views")
    .values({
      entity: input.entity,
      name: input.name,
      filter: input.filter ? JSON.stringify(input.filter) : null,
      sort: input.sort,
      columns: input.columns,
      visibility: input.visibility,
      owner_id: ctx.actor.userId,
      team_id: teamFor(ctx.actor, input.visibility),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "views",
      entityId: row.id,
      action: "create",
      changes: diff({}, { name: row.name, entity: row.entity, visibility: row.visibility }),
    },
  );
  return present(ctx.actor, row, await filterRedactor(trx, ctx.actor, [row.entity]));
}

/** Views are changed by their owner (or an admin with settings.manage); others see 404/403. */
async function loadOwned(trx: Trx, actor: Actor, id: string): Promise<Row> {
  const row = await trx
    .selectFrom("saved_views as v")
    .selectAll("v")
    .where("v.id", "=", id)
    .where(visible(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError("View");
  if (actor.readOnly || (row.owner_id !== actor.userId && !hasAdminPermission(actor, "settings.manage"))) {
    throw new ForbiddenError("permission_denied", "Only the owner can change this view.");
  }
  return row;
}

export async function updateView(trx: Trx, ctx: RequestContext, id: string, input: UpdateViewInput) {
  const before = await loadOwned(trx, ctx.actor, id);
  const filter = input.filter !== undefined ? input.filter : before.filter;
  const known = await checkQuery(trx, ctx.actor, before.entity, filter, input.sort ?? before.sort);
  if (input.columns) checkColumns(known, input.columns);
  const visibility = input.visibility ?? before.visibility;
  const after = await patchRow(trx, "saved_views", id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.filter !== undefined ? { filter: input.filter ? JSON.stringify(input.filter) : null } : {}),
    ...(input.sort !== undefined ? { sort: input.sort } : {}),
    ...(input.columns !== undefined ? { columns: input.columns } : {}),
    ...(input.visibility !== undefined ? { visibility, team_id: teamFor(ctx.actor, visibility) } : {}),
  });
  const pick = (r: Row) => ({
    name: r.name,
    filter: r.filter,
    sort: r.sort,
    columns: r.columns,
    visibility: r.visibility,
  });
  const changes = diff(pick(before), pick(after));
  if (Object.keys(changes).length > 0) {
    await recordChange(
      trx,
      { actorId: ctx.actor.userId, requestId: ctx.requestId },
      { entity: "views", entityId: id, action: "update", changes },
    );
  }
  return present(ctx.actor, after, await filterRedactor(trx, ctx.actor, [after.entity]));
}

export async function deleteView(trx: Trx, ctx: RequestContext, id: string) {
  const row = await loadOwned(trx, ctx.actor, id);
  await trx.deleteFrom("saved_views").where("id", "=", id).execute();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "views",
      entityId: id,
      action: "delete",
      changes: { name: row.name },
    },
  );
}
