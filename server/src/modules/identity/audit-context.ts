import type { RequestContext } from "../../platform/access/actor.js";
import type { AuditEntry } from "../../platform/audit/audit.js";

/** The who/where part of an audit entry for an administrative action. */
export function auditOrigin(
  ctx: RequestContext,
): Pick<AuditEntry, "actorId" | "ip" | "userAgent" | "requestId"> {
  return { actorId: ctx.actor.userId, ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId };
}
