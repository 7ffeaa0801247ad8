import type { FastifyRequest } from "fastify";
import { sql } from "kysely";
import { entityDefinition } from "../access/entities.js";
import { ownerScope } from "../access/scope.js";
import type { Database } from "../db/database.js";
import { NotFoundError } from "../errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a 404 from an entity route hid a record that exists but lies outside the actor's scope for the
 * route's action (the data layer answers 404 so ids cannot be probed): such a refusal is audited like a 403.
 * Costs one primary-key lookup, and only on 404s of entity routes with an `{id}`.
 */
export async function isOutOfScopeRefusal(
  db: Database,
  request: FastifyRequest,
  err: unknown,
): Promise<boolean> {
  if (!(err instanceof NotFoundError)) return false;
  const rule = request.routeOptions.config.access;
  const actor = request.actor;
  const id = (request.params as { id?: unknown } | undefined)?.id;
  if (rule?.kind !== "entity" || !actor || typeof id !== "string" || !UUID.test(id)) return false;
  const def = entityDefinition(rule.entity);
  if (!def) return false;
  const row = await sql<{
    allowed: boolean;
  }>`select (${ownerScope(actor, rule.entity, rule.action, `t.${def.ownerColumn}`)}) as allowed
    from ${sql.table(def.table)} t where t.id = ${id}`
    .execute(db)
    .catch(() => ({ rows: [] as { allowed: boolean }[] }));
  const found = row.rows[0];
  return found !== undefined && !found.allowed;
}
