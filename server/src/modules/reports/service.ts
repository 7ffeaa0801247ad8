import type { Kysely, Transaction } from "kysely";
import type { Actor, RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { ForbiddenError, NotFoundError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import type { ReportDefinition } from "./definition.js";
import {
  assertShareTarget,
  type Db,
  deleteReportRow,
  findReportRows,
  insertReport,
  listReportRows,
  lockReport,
  type ReportRow,
  updateReportRow,
} from "./repository.js";
import { resolveReport } from "./resolve.js";
import { runReport } from "./run.js";
import type { CreateReportInput, UpdateReportInput } from "./schemas.js";
import { assertCanChange, shareColumns } from "./share.js";

type Trx = Transaction<DB>;

export function presentReport(actor: Actor, r: ReportRow) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    definition: r.definition as ReportDefinition,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    visibility: r.visibility as "private" | "team" | "role" | "everyone",
    teamId: r.team_id,
    roleId: r.role_id,
    mine: r.owner_id === actor.userId,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const pick = (r: {
  name: string;
  description: string;
  definition: unknown;
  visibility: string;
  team_id: string | null;
  role_id: string | null;
}) => ({
  name: r.name,
  description: r.description,
  definition: r.definition,
  visibility: r.visibility,
  teamId: r.team_id,
  roleId: r.role_id,
});

export async function listReports(db: Db, ctx: RequestContext) {
  return (await listReportRows(db, ctx.actor)).map((r) => presentReport(ctx.actor, r));
}

export async function getReport(db: Db, actor: Actor, id: string) {
  const [row] = await findReportRows(db, actor, [id]);
  if (!row) throw new NotFoundError("Report");
  return presentReport(actor, row);
}

function refuseReadOnly(actor: Actor) {
  if (actor.readOnly) throw new ForbiddenError("permission_denied", "This token is read-only.");
}

export async function createReport(trx: Trx, ctx: RequestContext, input: CreateReportInput) {
  refuseReadOnly(ctx.actor);
  // The author must be able to run what they save (unknown or hidden fields → 422 now, not at every viewer).
  await resolveReport(trx, ctx.actor, input.definition);
  const share = shareColumns(ctx.actor, input);
  await assertShareTarget(trx, share);
  const values = {
    name: input.name,
    description: input.description,
    definition: JSON.stringify(input.definition),
    owner_id: ctx.actor.userId,
    ...share,
  };
  const { id } = await insertReport(trx, values);
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "reports",
      entityId: id,
      action: "create",
      changes: diff({}, pick({ ...values, definition: input.definition })),
    },
  );
  return getReport(trx, ctx.actor, id);
}

export async function updateReport(trx: Trx, ctx: RequestContext, id: string, input: UpdateReportInput) {
  const before = await lockReport(trx, ctx.actor, id);
  if (!before) throw new NotFoundError("Report");
  assertCanChange(ctx.actor, before.owner_id, "report");
  if (input.definition) await resolveReport(trx, ctx.actor, input.definition);
  const share =
    input.visibility !== undefined
      ? shareColumns(ctx.actor, {
          visibility: input.visibility,
          teamId: input.teamId,
          roleId: input.roleId,
        })
      : {};
  if ("team_id" in share)
    await assertShareTarget(trx, share as { team_id: string | null; role_id: string | null });
  await updateReportRow(trx, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.definition ? { definition: JSON.stringify(input.definition) } : {}),
    ...share,
  });
  const after = await lockReport(trx, ctx.actor, id);
  if (after) {
    const changes = diff(pick(before), pick(after));
    if (Object.keys(changes).length > 0) {
      await recordChange(
        trx,
        { actorId: ctx.actor.userId, requestId: ctx.requestId },
        { entity: "reports", entityId: id, action: "update", changes },
      );
    }
  }
  return getReport(trx, ctx.actor, id);
}

export async function deleteReport(trx: Trx, ctx: RequestContext, id: string) {
  const row = await lockReport(trx, ctx.actor, id);
  if (!row) throw new NotFoundError("Report");
  assertCanChange(ctx.actor, row.owner_id, "report");
  await deleteReportRow(trx, id);
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    { entity: "reports", entityId: id, action: "delete", changes: { name: row.name } },
  );
}

/** A private copy for the caller of a report they can see ("Copy of …"). */
export async function duplicateReport(trx: Trx, ctx: RequestContext, id: string, name?: string) {
  const source = await getReport(trx, ctx.actor, id);
  return createReport(trx, ctx, {
    name: name ?? `${source.name} (copy)`.slice(0, 200),
    description: source.description,
    definition: source.definition,
    visibility: "private",
  });
}

/** Runs a saved report the caller can see, with the caller's permissions (not its author's). */
export async function runSavedReport(db: Kysely<DB>, actor: Actor, id: string, currency: string) {
  const report = await getReport(db, actor, id);
  return runReport(db, actor, report.definition, currency);
}
