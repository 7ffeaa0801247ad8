import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { entityDefinition, registeredEntities } from "../../platform/access/entities.js";
import { writeAudit } from "../../platform/audit/audit.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, type FieldError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import { revokeAllSessions, revokeAllTokens } from "../auth/module.js";
import { activeAdministratorIds } from "../identity/module.js";
import { countOwnedWork, lockOwnedWork, setOwner } from "./repository.js";
import type { DeactivateInput, PlanTarget } from "./schemas.js";
import { activeTeamMembers, requireActiveUser } from "./targets.js";

/** How many records of each registered entity the user owns and a hand-over must move. */
export async function handoverPlan(db: Database, userId: string) {
  const user = await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
  if (!user) throw new NotFoundError("User");
  const entities = [];
  for (const e of registeredEntities()) {
    entities.push({
      entity: e.name,
      label: e.handoverLabel ?? e.name,
      ...(await countOwnedWork(db, e, userId)),
    });
  }
  return { userId, entities };
}

/**
 * Round-robin over the targets in record-id order, continuing where the previous entity stopped for the same
 * set of targets (`cursors`), so across all kinds every member gets at most one record more than another.
 */
function spread(ids: string[], targets: string[], cursors: Map<string, number>): Map<string, string[]> {
  const key = targets.join(",");
  const start = cursors.get(key) ?? 0;
  const out = new Map<string, string[]>(targets.map((t) => [t, []]));
  ids.forEach((id, i) => {
    out.get(targets[(start + i) % targets.length] as string)?.push(id);
  });
  cursors.set(key, (start + ids.length) % targets.length);
  return out;
}

async function resolveTargets(trx: Transaction<DB>, userId: string, entity: string, target: PlanTarget) {
  const field = `body.plan.${entity}`;
  if ("toUserId" in target) {
    if (target.toUserId === userId) {
      throw ValidationError.field(
        `${field}.toUserId`,
        "Choose someone other than the user leaving.",
        "invalid",
      );
    }
    await requireActiveUser(trx, target.toUserId, `${field}.toUserId`);
    return [target.toUserId];
  }
  return activeTeamMembers(trx, target.toTeamId, userId, `${field}.toTeamId`);
}

/**
 * Deactivates a user and hands every piece of their live work to others, all in one transaction: records move
 * (one `reassign` change event each, so new owners are notified), the user becomes inactive, and their sessions
 * and API tokens are revoked. Every owned record moves, closed and past ones included; authorship (created_by,
 * the audit log) stays theirs.
 */
export async function deactivateUser(
  trx: Transaction<DB>,
  ctx: RequestContext,
  userId: string,
  input: DeactivateInput,
) {
  const admins = await activeAdministratorIds(trx);
  const user = await trx
    .selectFrom("users")
    .selectAll()
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) throw new NotFoundError("User");
  if (!user.is_active) throw new ConflictError("already_inactive", "The user is already deactivated.");
  if (userId === ctx.actor.userId)
    throw new ConflictError("cannot_deactivate_self", "You cannot deactivate yourself.");
  if (admins.includes(userId) && admins.length <= 1) {
    throw new ConflictError("last_administrator", "This is the last active administrator.");
  }
  const unknown: FieldError[] = Object.keys(input.plan)
    .filter((entity) => !entityDefinition(entity))
    .map((entity) => ({ field: `body.plan.${entity}`, message: "Unknown entity.", code: "unknown_entity" }));
  if (unknown.length > 0) throw new ValidationError(unknown);

  const owned = [];
  for (const e of registeredEntities()) owned.push({ e, ids: await lockOwnedWork(trx, e, userId) });
  const missing = owned
    .filter((o) => o.ids.length > 0 && !input.plan[o.e.name])
    .map((o) => ({
      field: `body.plan.${o.e.name}`,
      message: `${o.ids.length} ${o.e.handoverLabel ?? o.e.name} need a new owner.`,
      code: "missing_target",
    }));
  if (missing.length > 0) {
    throw new ValidationError(missing, "Every entity with records owned by the user needs a target.");
  }

  const ctxChange = {
    actorId: ctx.actor.userId,
    requestId: ctx.requestId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  };
  const transferred: Record<string, number> = {};
  const cursors = new Map<string, number>();
  for (const { e, ids } of owned) {
    const target = input.plan[e.name];
    if (!target || ids.length === 0) continue;
    const targets = await resolveTargets(trx, userId, e.name, target);
    for (const [to, batch] of spread(ids, targets, cursors)) {
      await setOwner(trx, e, batch, to);
      await recordChange(
        trx,
        ctxChange,
        batch.map((id) => ({
          entity: e.name,
          entityId: id,
          action: "reassign",
          changes: {
            ownerId: { before: userId, after: to },
            handover: true,
            ...(input.reason ? { reason: input.reason } : {}),
          },
        })),
      );
    }
    transferred[e.name] = ids.length;
  }

  const deactivatedAt = new Date();
  await trx
    .updateTable("users")
    .set({ is_active: false, deactivated_at: deactivatedAt })
    .where("id", "=", userId)
    .execute();
  await trx.updateTable("teams").set({ head_id: null }).where("head_id", "=", userId).execute();
  const sessionsRevoked = await revokeAllSessions(trx, userId);
  const tokensRevoked = await revokeAllTokens(trx, userId);
  await writeAudit(trx, {
    actorId: ctx.actor.userId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    action: "user.deactivated",
    entity: "users",
    entityId: userId,
    changes: { isActive: { before: true, after: false } },
    details: { reason: input.reason ?? null, transferred, plan: input.plan, sessionsRevoked, tokensRevoked },
  });
  return { userId, deactivatedAt: deactivatedAt.toISOString(), transferred, sessionsRevoked, tokensRevoked };
}
