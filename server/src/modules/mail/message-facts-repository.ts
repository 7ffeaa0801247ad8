import type { Kysely, Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";

/** What a rule may know of a synced message: its row, its mailbox's address, whether it has real attachments. */
export async function messageFacts(db: Kysely<DB> | Transaction<DB>, messageRowId: string) {
  return db
    .selectFrom("mail_messages as m")
    .innerJoin("mailboxes as b", "b.id", "m.mailbox_id")
    .select((eb) => [
      "m.subject",
      "m.from_address",
      "m.from_name",
      "m.to",
      "m.snippet",
      "m.text_body",
      "m.mailbox_id",
      "m.sent_at",
      "b.address as mailbox_address",
      eb
        .exists(
          eb
            .selectFrom("mail_attachments as a")
            .select("a.id")
            .whereRef("a.message_id", "=", "m.id")
            .where("a.inline", "=", false),
        )
        .as("has_attachments"),
    ])
    .where("m.id", "=", messageRowId)
    .executeTakeFirst();
}
