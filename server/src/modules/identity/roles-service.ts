import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { writeAudit } from "../../platform/audit/audit.js";
import type { Database } from "../../platform/db/database.js";
import { setsAnyColumn } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff } from "../../platform/events/outbox.js";
import { activeAdministratorIds } from "./admins.js";
import { auditOrigin } from "./audit-context.js";
import { asFieldRuleMap, asPermissionMap, unknownFieldRuleKeys, validateRoleGrid } from "./role-grid.js";
import type { RoleDto, RoleInput } from "./role-schemas.js";

type Db = Database | Transaction<DB>;

function roleQuery(db: Db) {
  return db
    .selectFrom("roles as r")
    .selectAll("r")
    .select((eb) =>
      eb
        .selectFrom("users as u")
        .whereRef("u.role_id", "=", "r.id")
        .select(eb.fn.countAll<string>().as("n"))
        .as("user_count"),
    );
}
type RoleRow = Awaited<ReturnType<ReturnType<typeof roleQuery>["executeTakeFirstOrThrow"]>>;

function present(r: RoleRow): RoleDto {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    isSystem: r.is_system,
    permissions: r.permissions as RoleDto["permissions"],
    fieldRules: r.field_rules,
    adminPermissions: r.admin_permissions,
    requireTwoFactor: r.require_two_factor,
    userCount: Number(r.user_count ?? 0),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The auditable state of a role (what `role.updated` diffs). */
function snapshot(r: RoleDto) {
  return {
    name: r.name,
    description: r.description,
    permissions: r.permissions,
    fieldRules: r.fieldRules,
    adminPermissions: r.adminPermissions,
    requireTwoFactor: r.requireTwoFactor,
  };
}

export async function listRoles(db: Db): Promise<RoleDto[]> {
  const rows = await roleQuery(db).orderBy("r.is_system", "desc").orderBy("r.name").execute();
  return rows.map(present);
}

export async function getRole(db: Db, id: string, lock = false): Promise<RoleDto> {
  let q = roleQuery(db).where("r.id", "=", id);
  if (lock) q = q.forUpdate("r");
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError("Role");
  return present(row);
}

async function assertValid(db: Db, input: RoleInput, isAdministratorRole: boolean): Promise<void> {
  const errors = [...validateRoleGrid(input), ...(await unknownFieldRuleKeys(db, input.fieldRules ?? {}))];
  if (isAdministratorRole && input.adminPermissions && !input.adminPermissions.includes("*")) {
    errors.push({
      field: "body.adminPermissions",
      message: "The Administrator role must keep every admin permission (*).",
      code: "administrator_must_keep_all",
    });
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

async function assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  let q = db
    .selectFrom("roles")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (exceptId) q = q.where("id", "<>", exceptId);
  if (await q.executeTakeFirst()) {
    throw new ConflictError("role_name_taken", `A role named "${name}" already exists.`, [
      { field: "body.name", message: "This name is taken.", code: "role_name_taken" },
    ]);
  }
}

export async function createRole(
  trx: Transaction<DB>,
  ctx: RequestContext,
  input: RoleInput & { name: string },
) {
  await assertValid(trx, input, false);
  await assertNameFree(trx, input.name);
  const row = await trx
    .insertInto("roles")
    .values({
      name: input.name,
      description: input.description ?? "",
      permissions: JSON.stringify(asPermissionMap(input.permissions ?? {})),
      field_rules: JSON.stringify(asFieldRuleMap(input.fieldRules ?? {})),
      admin_permissions: input.adminPermissions ?? [],
      require_two_factor: input.requireTwoFactor ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const role = await getRole(trx, row.id);
  const after = snapshot(role);
  await writeAudit(trx, {
    ...auditOrigin(ctx),
    action: "role.created",
    entity: "roles",
    entityId: role.id,
    changes: diff({}, after),
  });
  return role;
}

export async function updateRole(trx: Transaction<DB>, ctx: RequestContext, id: string, input: RoleInput) {
  const before = await getRole(trx, id, true);
  await assertValid(trx, input, before.key === "admin");
  if (
    input.adminPermissions &&
    before.adminPermissions.includes("*") &&
    !input.adminPermissions.includes("*")
  ) {
    await assertAdministratorRemains(trx, id);
  }
  if (input.name !== undefined) await assertNameFree(trx, input.name, id);
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.permissions ? { permissions: JSON.stringify(asPermissionMap(input.permissions)) } : {}),
    ...(input.fieldRules ? { field_rules: JSON.stringify(asFieldRuleMap(input.fieldRules)) } : {}),
    ...(input.adminPermissions ? { admin_permissions: input.adminPermissions } : {}),
    ...(input.requireTwoFactor !== undefined ? { require_two_factor: input.requireTwoFactor } : {}),
  };
  if (setsAnyColumn(set)) await trx.updateTable("roles").set(set).where("id", "=", id).execute();
  const after = await getRole(trx, id);
  const changes = diff(snapshot(before), snapshot(after));
  if (Object.keys(changes).length > 0) {
    await writeAudit(trx, {
      ...auditOrigin(ctx),
      action: "role.updated",
      entity: "roles",
      entityId: id,
      changes,
    });
  }
  return after;
}

/**
 * Taking `*` from a role demotes every user holding it: refused (409 `last_administrator`) when they are all the
 * active administrators there are. `activeAdministratorIds` locks those users, so a concurrent demotion waits.
 */
async function assertAdministratorRemains(trx: Transaction<DB>, roleId: string): Promise<void> {
  const admins = await activeAdministratorIds(trx);
  const holders = await trx.selectFrom("users").select("id").where("role_id", "=", roleId).execute();
  const demoted = new Set(holders.map((h) => h.id));
  if (admins.every((a) => demoted.has(a))) {
    throw new ConflictError(
      "last_administrator",
      "Every active administrator holds this role; make someone else an administrator before removing its * permission.",
    );
  }
}

export async function deleteRole(trx: Transaction<DB>, ctx: RequestContext, id: string): Promise<void> {
  const role = await getRole(trx, id, true);
  if (role.isSystem) throw new ConflictError("system_role", "The Administrator role cannot be deleted.");
  const pendingInvites = await trx
    .selectFrom("invitations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("role_id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date())
    .executeTakeFirstOrThrow();
  if (role.userCount > 0 || Number(pendingInvites.n) > 0) {
    throw new ConflictError(
      "role_in_use",
      `The role is assigned to ${role.userCount} user(s) and ${pendingInvites.n} pending invitation(s); assign them another role first.`,
    );
  }
  // Spent invitations (accepted, revoked, expired) only point at the role they were issued with; they go with it.
  await trx.deleteFrom("invitations").where("role_id", "=", id).execute();
  await trx.deleteFrom("roles").where("id", "=", id).execute();
  await writeAudit(trx, {
    ...auditOrigin(ctx),
    action: "role.deleted",
    entity: "roles",
    entityId: id,
    details: { role: snapshot(role) },
  });
}
