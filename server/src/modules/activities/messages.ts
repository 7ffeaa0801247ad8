import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { RecordLink } from "../../platform/records/links.js";
import { writeActivityLinks } from "./repository.js";

/**
 * A message another module sent or received (an SMS) as a timeline item on the records it concerns: an activity
 * of its kind with its links, written in the caller's transaction. The caller's own change event (`sms.send`,
 * `sms.receive`) describes the write; the item is its projection, so no activity event is emitted.
 * `event` carries the sender module's reference (`{sms: {messageId, status}}`), updated by `setMessageStatus`.
 */
export async function logMessageActivity(
  trx: Transaction<DB>,
  item: {
    kind: "sms";
    direction: "in" | "out";
    ownerId: string;
    createdBy: string | null;
    occurredAt: Date;
    body: string;
    to: string | null;
    from: string | null;
    event: Record<string, unknown>;
    links: RecordLink[];
  },
): Promise<string> {
  const row = await trx
    .insertInto("activities")
    .values({
      kind: item.kind,
      direction: item.direction,
      occurred_at: item.occurredAt,
      body: escapeText(item.body),
      to_address: item.to,
      from_address: item.from,
      event: JSON.stringify(item.event),
      owner_id: item.ownerId,
      created_by: item.createdBy,
    })
    .returning(["id", "occurred_at"])
    .executeTakeFirstOrThrow();
  await writeActivityLinks(trx, row.id, row.occurred_at, item.links);
  return row.id;
}

/** Replaces the message reference of an item `logMessageActivity` wrote (delivery status changes). */
export async function setMessageActivityEvent(
  trx: Transaction<DB>,
  activityId: string,
  event: Record<string, unknown>,
): Promise<void> {
  await trx
    .updateTable("activities")
    .set({ event: JSON.stringify(event) })
    .where("id", "=", activityId)
    .execute();
}

/** Plain text as the rich-text body timelines show: escaped, line breaks kept. */
function escapeText(text: string): string {
  const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<p>${esc.replace(/\r?\n/g, "<br>")}</p>`;
}
