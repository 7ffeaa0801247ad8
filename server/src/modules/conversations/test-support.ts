import type { Database } from "../../platform/db/database.js";
import type { SecretBox } from "../../platform/secrets/secret-box.js";

/**
 * Test rows for conversations: mailboxes and received letters written straight into the mail module's tables
 * (the mail module's sync writes them in production), so visibility and sending can be tested on their own.
 */
export async function insertMailbox(
  db: Database,
  secrets: SecretBox,
  input: {
    ownerId?: string | null;
    address: string;
    host?: string;
    imapPort?: number;
    smtpPort?: number;
    password?: string;
    grantTeamIds?: string[];
    signature?: string | null;
  },
) {
  const shared = !input.ownerId;
  const row = await db
    .insertInto("mailboxes")
    .values({
      kind: shared ? "shared" : "personal",
      owner_id: input.ownerId ?? null,
      name: input.address.split("@")[0] ?? "Mailbox",
      address: input.address,
      imap_host: input.host ?? "127.0.0.1",
      imap_port: input.imapPort ?? 143,
      imap_tls: "none",
      smtp_host: input.host ?? "127.0.0.1",
      smtp_port: input.smtpPort ?? 25,
      smtp_tls: "none",
      username: input.address,
      password_sealed: secrets.seal(input.password ?? "pw"),
      signature_html: input.signature ?? null,
      state: "live",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const teamId of input.grantTeamIds ?? []) {
    await db.insertInto("mailbox_grants").values({ mailbox_id: row.id, team_id: teamId }).execute();
  }
  return row.id;
}

let seq = 0;

/** A received thread of one letter (`from` → the mailbox), optionally linked to records. */
export async function insertReceivedThread(
  db: Database,
  mailboxId: string,
  input: {
    subject?: string;
    from?: string;
    to?: string;
    at?: Date;
    text?: string;
    html?: string | null;
    links?: { entity: string; id: string }[];
    messageId?: string;
  } = {},
) {
  seq += 1;
  const at = input.at ?? new Date(Date.now() - 60_000 * (1000 - seq));
  const from = { name: "Client", address: input.from ?? "client@example.com" };
  const to = { name: null, address: input.to ?? "me@example.com" };
  const subject = input.subject ?? `Question ${seq}`;
  const text = input.text ?? `Hello, question number ${seq}.`;
  const thread = await db
    .insertInto("mail_threads")
    .values({
      mailbox_id: mailboxId,
      subject,
      subject_key: subject.toLowerCase(),
      first_message_at: at,
      last_message_at: at,
      message_count: 1,
      last_direction: "in",
      snippet: text.slice(0, 100),
      participants: JSON.stringify([from, to]),
      participant_addresses: [from.address, to.address],
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const message = await db
    .insertInto("mail_messages")
    .values({
      mailbox_id: mailboxId,
      thread_id: thread.id,
      message_id: input.messageId ?? `m${seq}.${Date.now()}@example.com`,
      direction: "in",
      from_address: from.address,
      from_name: from.name,
      from: JSON.stringify([from]),
      to: JSON.stringify([to]),
      subject,
      sent_at: at,
      text_body: `${text}\n\n> earlier quoted text`,
      reply_text: text,
      has_quoted: true,
      html_body: input.html ?? null,
      snippet: text.slice(0, 100),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const l of input.links ?? []) {
    await db
      .insertInto("mail_thread_links")
      .values({
        thread_id: thread.id,
        entity: l.entity,
        record_id: l.id,
        source: "address",
        last_message_at: at,
      })
      .execute();
  }
  return { threadId: thread.id, messageId: message.id };
}
