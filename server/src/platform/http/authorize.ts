import type { FastifyRequest } from "fastify";
import type { RequestContext } from "../access/actor.js";
import { hasAdminPermission, scopeFor } from "../access/actor.js";
import { writeAudit } from "../audit/audit.js";
import type { Database } from "../db/database.js";
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "../errors.js";
import { parseIfMatch } from "../records/versions.js";
import { assertCsrf } from "./csrf.js";
import type { AccessRule } from "./types.js";

/** 404s that authorize() answered instead of 403 (so the denial is still audited). */
const denialsAnsweredAsNotFound = new WeakSet<Error>();

/** Coarse, per-route authorization; record-level scope is applied again in the data layer. */
export function authorize(request: FastifyRequest, rule: AccessRule): void {
  if (rule.kind === "public") return;
  const actor = request.actor;
  if (!actor) throw new UnauthorizedError();
  if (actor.sessionId) assertCsrf(request, actor.sessionId);
  // Read-only tokens read; the only writes they may make are their own exports (routes that opt in).
  const readOnlyAllowed = rule.kind === "authenticated" && rule.allowReadOnlyToken === true;
  if (actor.readOnly && !readOnlyAllowed && !["GET", "HEAD", "OPTIONS"].includes(request.method)) {
    throw new ForbiddenError("read_only_token", "This API token is read-only.");
  }
  if (request.passwordChangePending && !(rule.kind === "authenticated" && rule.allowPasswordChangePending)) {
    throw new ForbiddenError("password_change_required", "Change your password to continue.");
  }
  if (request.twoFactorSetupPending && !(rule.kind === "authenticated" && rule.allowTwoFactorSetupPending)) {
    throw new ForbiddenError("two_factor_setup_required", "Set up two-factor authentication to continue.");
  }
  if (rule.kind === "admin" && !hasAdminPermission(actor, rule.permission)) {
    throw new ForbiddenError("permission_denied", "This needs an administrator permission.");
  }
  if (rule.kind === "entity" && scopeFor(actor, rule.entity, rule.action) === "none") {
    // Reads answer 404 so that the existence of records cannot be probed.
    if (rule.action === "read" && request.method === "GET" && /\/[0-9a-f-]{36}(\/|$)/.test(request.url)) {
      const hidden = new NotFoundError();
      denialsAnsweredAsNotFound.add(hidden);
      throw hidden;
    }
    throw new ForbiddenError("permission_denied", `Your role may not ${rule.action} ${rule.entity}.`);
  }
}

/** The request facts domain code receives. Only call from routes that require authentication. */
export function requestContext(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new UnauthorizedError();
  const ifMatch = parseIfMatch(request.headers["if-match"]);
  return {
    actor: request.actor,
    requestId: request.id,
    ip: request.ip ?? null,
    userAgent: request.headers["user-agent"] ?? null,
    ...(ifMatch ? { ifMatch } : {}),
  };
}

/** Field errors that are refusals by role: a filter or sort on a field the role hides. */
function hiddenFieldErrors(err: unknown): string[] {
  if (!(err instanceof ValidationError)) return [];
  return (err.errors ?? []).filter((e) => e.code === "field_not_allowed").map((e) => e.field);
}

/**
 * A refusal by role: 403 `permission_denied` (here or in domain code), the 404 that hides a record, or a 422 whose
 * errors include `field_not_allowed` (filtering or sorting on a hidden field).
 */
export function isPermissionDenial(err: unknown): err is ForbiddenError | NotFoundError | ValidationError {
  return (
    (err instanceof ForbiddenError && err.code === "permission_denied") ||
    (err instanceof NotFoundError && denialsAnsweredAsNotFound.has(err)) ||
    hiddenFieldErrors(err).length > 0
  );
}

/** Writes `permission.denied` (who, which route, which entity/action or admin permission) to the audit log. */
export async function auditDenial(db: Database, request: FastifyRequest, err: Error): Promise<void> {
  const rule = request.routeOptions.config.access;
  try {
    await writeAudit(db, {
      action: "permission.denied",
      actorId: request.actor?.userId ?? null,
      entity: rule?.kind === "entity" ? rule.entity : null,
      details: {
        route: `${request.method} ${request.routeOptions.url ?? request.url.split("?")[0]}`,
        ...(rule?.kind === "entity" ? { action: rule.action } : {}),
        ...(rule?.kind === "admin" ? { permission: rule.permission } : {}),
        reason: err.message,
        ...(hiddenFieldErrors(err).length > 0 ? { hiddenFields: hiddenFieldErrors(err) } : {}),
      },
      ip: request.ip ?? null,
      userAgent: request.headers["user-agent"] ?? null,
      requestId: request.id,
    });
  } catch (auditErr) {
    request.log.error({ err: auditErr }, "could not write permission.denied to the audit log");
  }
}
