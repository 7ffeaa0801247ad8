import { sql, type Transaction } from "kysely";
import type { RequestContext } from "../access/actor.js";
import type { DB } from "../db/schema.js";
import { writeAudit } from "./audit.js";

/**
 * Stores a workspace setting (`app_settings` row `key`) and audits `action` with the change before → after, in the
 * caller's transaction. Settings pages (escalation, default currency, workspace country…) share this write.
 */
export async function saveAppSetting<T>(
  trx: Transaction<DB>,
  ctx: RequestContext,
  change: { key: string; action: string; before: T; after: T },
): Promise<T> {
  const value = JSON.stringify(change.after);
  await trx
    .insertInto("app_settings")
    .values({ key: change.key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: sql`now()` }))
    .execute();
  await writeAudit(trx, {
    action: change.action,
    actorId: ctx.actor.userId,
    entity: "app_settings",
    changes: { before: change.before, after: change.after },
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
  });
  return change.after;
}
