import type { Transaction } from "kysely";
import { hasAdminPermission, type RequestContext } from "../../platform/access/actor.js";
import { writeAudit } from "../../platform/audit/audit.js";
import type { Database } from "../../platform/db/database.js";
import { patchRow } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import type { FieldError } from "../../platform/errors.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff } from "../../platform/events/outbox.js";
import { assertEmailFree } from "../auth/module.js";
import { activeAdministratorIds, roleIsAdministrator } from "./admins.js";
import { auditOrigin } from "./audit-context.js";
import type { UserListQuery, UserPatch } from "./schemas.js";
import { presentUser, userSnapshot } from "./users-present.js";
import { countUsers, findUser, listUsers } from "./users-repository.js";

type Db = Database | Transaction<DB>;

const canManage = (ctx: RequestContext) => hasAdminPermission(ctx.actor, "users.manage");

export async function searchUsers(db: Db, ctx: RequestContext, query: UserListQuery) {
  const { limit, cursor, ...filter } = query;
  if (filter.roleId && !canManage(ctx)) {
    throw new ForbiddenError(
      "permission_denied",
      "Filtering users by role needs the users.manage permission.",
    );
  }
  const [page, total] = await Promise.all([
    listUsers(db, filter, limit, cursor),
    cursor ? Promise.resolve(undefined) : countUsers(db, filter),
  ]);
  const full = canManage(ctx);
  return {
    items: page.rows.map((u) => presentUser(u, full)),
    nextCursor: page.nextCursor,
    ...(total ? { total } : {}),
  };
}

export async function getUser(db: Db, ctx: RequestContext, id: string) {
  const user = await findUser(db, id);
  if (!user) throw new NotFoundError("User");
  return presentUser(user, canManage(ctx));
}

async function checkReferences(trx: Transaction<DB>, id: string, input: UserPatch): Promise<void> {
  const errors: FieldError[] = [];
  if (input.managerId) {
    if (input.managerId === id) {
      errors.push({
        field: "body.managerId",
        message: "A user cannot be their own manager.",
        code: "invalid",
      });
    } else if (!(await findUser(trx, input.managerId))) {
      errors.push({ field: "body.managerId", message: "No such user.", code: "not_found" });
    }
  }
  if (input.teamId) {
    const team = await trx.selectFrom("teams").select("id").where("id", "=", input.teamId).executeTakeFirst();
    if (!team) errors.push({ field: "body.teamId", message: "No such team.", code: "not_found" });
  }
  if (input.roleId) {
    const role = await trx.selectFrom("roles").select("id").where("id", "=", input.roleId).executeTakeFirst();
    if (!role) errors.push({ field: "body.roleId", message: "No such role.", code: "not_found" });
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

export async function updateUser(trx: Transaction<DB>, ctx: RequestContext, id: string, input: UserPatch) {
  // Lock the administrators first (always in the same order) so concurrent demotions serialize.
  const admins = await activeAdministratorIds(trx);
  const before = await findUser(trx, id, true);
  if (!before) throw new NotFoundError("User");
  await checkReferences(trx, id, input);
  if (input.roleId && input.roleId !== before.role_id && admins.includes(id)) {
    if (!(await roleIsAdministrator(trx, input.roleId)) && admins.length <= 1) {
      throw new ConflictError(
        "last_administrator",
        "This is the last active administrator; make someone else an administrator first.",
      );
    }
  }
  if (input.email !== undefined) await assertEmailFree(trx, input.email, id);
  const after = await patchRow(trx, "users", id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.phone !== undefined ? { phone: input.phone || null } : {}),
    ...(input.position !== undefined ? { position: input.position || null } : {}),
    ...(input.managerId !== undefined ? { manager_id: input.managerId } : {}),
    ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
    ...(input.roleId !== undefined ? { role_id: input.roleId } : {}),
    ...(input.language !== undefined ? { language: input.language } : {}),
    ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
  });
  if (before.team_id && before.team_id !== after.team_id) {
    // A head who leaves the team stops heading it.
    await trx
      .updateTable("teams")
      .set({ head_id: null })
      .where("id", "=", before.team_id)
      .where("head_id", "=", id)
      .execute();
  }
  const changes = diff(userSnapshot(before), userSnapshot(after));
  if (Object.keys(changes).length > 0) {
    await writeAudit(trx, {
      ...auditOrigin(ctx),
      action: "user.updated",
      entity: "users",
      entityId: id,
      changes,
    });
  }
  return presentUser(after, true);
}

export async function reactivateUser(trx: Transaction<DB>, ctx: RequestContext, id: string) {
  const before = await findUser(trx, id, true);
  if (!before) throw new NotFoundError("User");
  if (before.is_active) return presentUser(before, true);
  const after = await trx
    .updateTable("users")
    .set({ is_active: true, deactivated_at: null })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    ...auditOrigin(ctx),
    action: "user.reactivated",
    entity: "users",
    entityId: id,
    changes: diff(userSnapshot(before), userSnapshot(after)),
  });
  return presentUser(after, true);
}
