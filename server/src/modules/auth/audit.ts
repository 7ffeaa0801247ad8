import type { Transaction } from "kysely";
import { writeAudit } from "../../platform/audit/audit.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";

/** Request facts for audit entries of routes that may run before anyone is signed in. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export function authAudit(
  db: Database | Transaction<DB>,
  action: string,
  actorId: string | null,
  client: ClientInfo,
  details: Record<string, unknown> = {},
): Promise<void> {
  return writeAudit(db, {
    action,
    actorId,
    entity: actorId ? "users" : null,
    entityId: actorId,
    details,
    ip: client.ip,
    userAgent: client.userAgent,
    requestId: client.requestId,
  });
}
