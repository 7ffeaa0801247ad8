import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ValidationError } from "../../platform/errors.js";
import { sanitizeOutgoingHtml } from "./compose.js";
import type { MailboxRow } from "./outgoing-repository.js";
import { type Db, sendableMailbox } from "./repository.js";

/**
 * Signatures: each user keeps one per mailbox and a default (`mail_signatures`, mailbox_id null); the
 * mailbox's own `signature_html` (set with the mailbox) is the fallback. Stored sanitized.
 */
export async function signatureFor(db: Db, userId: string, mailbox: MailboxRow): Promise<string | null> {
  const rows = await db
    .selectFrom("mail_signatures")
    .select(["mailbox_id", "html"])
    .where("user_id", "=", userId)
    .where((eb) => eb.or([eb("mailbox_id", "=", mailbox.id), eb("mailbox_id", "is", null)]))
    .execute();
  const own = rows.find((r) => r.mailbox_id === mailbox.id) ?? rows.find((r) => r.mailbox_id === null);
  const html = own?.html ?? mailbox.signature_html ?? "";
  return html.trim() ? html : null;
}

export async function listSignatures(db: Db, userId: string) {
  const rows = await db
    .selectFrom("mail_signatures")
    .select(["mailbox_id", "html"])
    .where("user_id", "=", userId)
    .orderBy(sql`mailbox_id nulls first`)
    .execute();
  return { items: rows.map((r) => ({ mailboxId: r.mailbox_id, html: r.html })) };
}

/** Sets (or with empty HTML removes) the caller's signature for a mailbox they may send from, or their default. */
export async function putSignature(db: Db, actor: Actor, mailboxId: string | null, html: string) {
  if (mailboxId && !(await sendableMailbox(db, actor, mailboxId))) {
    throw ValidationError.field(
      "body.mailboxId",
      "No mailbox you may send from has this id.",
      "mailbox_not_found",
    );
  }
  const clean = sanitizeOutgoingHtml(html);
  const match = db
    .deleteFrom("mail_signatures")
    .where("user_id", "=", actor.userId)
    .where((eb) => (mailboxId ? eb("mailbox_id", "=", mailboxId) : eb("mailbox_id", "is", null)));
  await match.execute();
  if (clean) {
    await db
      .insertInto("mail_signatures")
      .values({ user_id: actor.userId, mailbox_id: mailboxId, html: clean })
      .execute();
  }
  return { mailboxId, html: clean };
}
