import { type SqlBool, sql, type Transaction } from "kysely";
import type { Action, Actor } from "../access/actor.js";
import { entityDefinition } from "../access/entities.js";
import { canActOnOwner, ownerScope } from "../access/scope.js";
import type { DB } from "../db/schema.js";
import { type FieldError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { teamLookup } from "./users.js";

/** Owner resolution and write checks every owned CRM record (companies, contacts, deals, …) uses the same way. */

/**
 * The owner a record gets: the requested one (must be an active user the actor may assign to), else the
 * current one, else the actor. Creating needs the `create` scope over that owner.
 */
export async function resolveOwner(
  trx: Transaction<DB>,
  actor: Actor,
  entity: string,
  requested: string | undefined,
  current: string | null,
  errors: FieldError[],
): Promise<string> {
  const target = requested ?? current ?? actor.userId;
  if (current === null && !(await canActOnOwner(actor, entity, "create", target, teamLookup(trx)))) {
    throw new ForbiddenError("permission_denied", `Your role may not create ${entity} for this owner.`);
  }
  if (requested === undefined || requested === current) return target;
  const user = await trx
    .selectFrom("users")
    .select(["id", "is_active"])
    .where("id", "=", requested)
    .executeTakeFirst();
  if (!user?.is_active) {
    errors.push({ field: "ownerId", message: "The owner must be an active user.", code: "invalid_owner" });
  } else if (
    requested !== actor.userId &&
    !(await canActOnOwner(actor, entity, "assign", requested, teamLookup(trx)))
  ) {
    errors.push({
      field: "ownerId",
      message: "Your role may not assign records to this user.",
      code: "owner_not_allowed",
    });
  }
  return target;
}

/** Whether the actor can read the (not deleted) record: used for links (422 `link_not_found` otherwise). */
export async function canRead(
  trx: Transaction<DB>,
  actor: Actor,
  entity: string,
  id: string,
): Promise<boolean> {
  const def = entityDefinition(entity);
  if (!def) return false;
  const row = await sql<{ id: string }>`select r.id from ${sql.table(def.table)} r
    where r.id = ${id}::uuid and r.deleted_at is null and ${ownerScope(actor, entity, "read", `r.${def.ownerColumn}`)}`.execute(
    trx,
  );
  return row.rows.length > 0;
}

export async function checkLink(
  trx: Transaction<DB>,
  actor: Actor,
  entity: string,
  id: string | null | undefined,
  field: string,
  errors: FieldError[],
): Promise<void> {
  if (!id) return;
  if (!(await canRead(trx, actor, entity, id))) {
    errors.push({
      field,
      message: "The linked record does not exist or is not visible to you.",
      code: "link_not_found",
    });
  }
}

/**
 * Loads a record for a write: 404 when the actor cannot read it, 403 when they can read but the role does
 * not grant `action` over its owner.
 */
export async function assertCanWrite(
  actor: Actor,
  entity: string,
  action: Action,
  ownerId: string,
  trx: Transaction<DB>,
): Promise<void> {
  if (!(await canActOnOwner(actor, entity, action, ownerId, teamLookup(trx)))) {
    throw new ForbiddenError("permission_denied", `Your role may not ${action} this record.`);
  }
}

export function scopeWhere(actor: Actor, entity: string, action: Action, ownerRef: string) {
  return ownerScope(actor, entity, action, ownerRef) as ReturnType<typeof sql<SqlBool>>;
}

export function throwIfErrors(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationError(errors);
}

export function notFound(): never {
  throw new NotFoundError();
}
