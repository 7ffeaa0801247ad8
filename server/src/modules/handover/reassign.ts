import type { Transaction } from "kysely";
import { type RequestContext, scopeFor } from "../../platform/access/actor.js";
import { entityDefinition } from "../../platform/access/entities.js";
import type { DB } from "../../platform/db/schema.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import { lockAssignable, setOwner } from "./repository.js";
import type { ReassignInput } from "./schemas.js";
import { requireActiveUser, requireAssignableTarget } from "./targets.js";

/**
 * Gives records to another user in one transaction, one `reassign` change event per record (the new owner is
 * notified by the notifications consumer of those events). Any record outside the actor's assign scope makes
 * the whole request 404, so nothing changes and nothing is revealed. The new owner must be within the same
 * assign scope (own: only the actor, team: the actor's team, all: any active user).
 */
export async function reassign(trx: Transaction<DB>, ctx: RequestContext, input: ReassignInput) {
  const def = entityDefinition(input.entity);
  if (!def) throw ValidationError.field("body.entity", `Unknown entity "${input.entity}".`, "unknown_entity");
  if (scopeFor(ctx.actor, def.name, "assign") === "none") {
    throw new ForbiddenError("permission_denied", `Your role may not assign ${def.name}.`);
  }
  const ids = [...new Set(input.ids)];
  await requireActiveUser(trx, input.toUserId, "body.toUserId");
  await requireAssignableTarget(trx, ctx.actor, def.name, input.toUserId);
  const rows = await lockAssignable(trx, ctx.actor, def, ids);
  if (rows.length !== ids.length) throw new NotFoundError("Record");
  const moving = rows.filter((r) => r.owner_id !== input.toUserId);
  await setOwner(
    trx,
    def,
    moving.map((r) => r.id),
    input.toUserId,
  );
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId, ip: ctx.ip, userAgent: ctx.userAgent },
    moving.map((r) => ({
      entity: def.name,
      entityId: r.id,
      action: "reassign",
      changes: {
        ownerId: { before: r.owner_id, after: input.toUserId },
        reason: input.reason,
      },
    })),
  );
  return { entity: def.name, reassigned: moving.length, unchanged: rows.length - moving.length };
}
