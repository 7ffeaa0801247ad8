import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { recordChange } from "../../platform/events/outbox.js";
import { setMessageActivityEvent } from "../activities/module.js";
import type { SmsStatus } from "./providers/types.js";
import type { MessageRow } from "./repository.js";

/** How far along a status is; a late or repeated report never moves a message back. */
const RANK: Record<SmsStatus, number> = {
  queued: 0,
  sending: 1,
  unknown: 2,
  sent: 3,
  delivered: 4,
  failed: 4,
  received: 4,
};

export const activityEvent = (m: {
  id: string;
  status: string;
  segments: number;
  error_code?: string | null;
}) => ({
  sms: { messageId: m.id, status: m.status, segments: m.segments, errorCode: m.error_code ?? null },
});

/**
 * Moves a message to `status` when that is a step forward (sending → sent → delivered/failed), updates its
 * timeline item and writes `sms.status`. Returns whether anything changed.
 */
export async function applyStatus(
  trx: Transaction<DB>,
  m: MessageRow,
  next: SmsStatus,
  extra: {
    providerMessageId?: string;
    errorCode?: string | null;
    errorMessage?: string | null;
    actorId?: string | null;
  } = {},
): Promise<boolean> {
  const cur = m.status as SmsStatus;
  const forward = RANK[next] > RANK[cur] || (cur === "sending" && next === "queued");
  if (!forward || cur === next) return false;
  const updated = await trx
    .updateTable("sms_messages")
    .set({
      status: next,
      status_at: new Date(),
      ...(extra.providerMessageId ? { provider_message_id: extra.providerMessageId } : {}),
      ...(next === "sent" && !m.sent_at ? { sent_at: new Date() } : {}),
      ...(extra.errorCode !== undefined ? { error_code: extra.errorCode } : {}),
      ...(extra.errorMessage !== undefined
        ? { error_message: extra.errorMessage?.slice(0, 500) ?? null }
        : {}),
    })
    .where("id", "=", m.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (updated.activity_id) await setMessageActivityEvent(trx, updated.activity_id, activityEvent(updated));
  await recordChange(trx, { actorId: extra.actorId ?? null }, [
    {
      entity: "sms",
      entityId: m.id,
      action: "status",
      changes: { status: { before: cur, after: next }, errorCode: updated.error_code ?? null },
    },
  ]);
  return true;
}
