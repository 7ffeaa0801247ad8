import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { DB } from "../../platform/db/schema.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import type { SecretBox } from "../../platform/secrets/secret-box.js";
import type { Address } from "./compose.js";
import {
  claimForSending,
  type MailboxRow,
  mailboxById,
  messageById,
  sentFolderPath,
  setSendState,
} from "./outgoing-repository.js";
import { attachmentsOf, type MessageRow, threadLinks } from "./repository.js";
import { appendToSent, type ServerEndpoint, sentCopyExists, smtpSend, writeRaw } from "./transport.js";

export const SEND_JOB = "conversations.send";

/** How long a claimed send may take before a retried job treats it as interrupted (pg-boss expiry). */
export const SEND_EXPIRE_SECONDS = 300;

export interface SendJobData {
  messageId: string;
}

export interface SendDeps {
  db: Kysely<DB>;
  secrets: SecretBox;
  allow: readonly string[];
  /** The bytes of a blob in the files store, by its SHA-256. */
  openBlob(sha256: string): Promise<Readable>;
}

const wrapId = (id: string) => (id.startsWith("<") ? id : `<${id}>`);

export function endpoints(
  mailbox: MailboxRow,
  secrets: SecretBox,
): { smtp: ServerEndpoint; imap: ServerEndpoint } {
  const password = secrets.open(mailbox.password_sealed);
  const user = mailbox.username;
  return {
    smtp: {
      host: mailbox.smtp_host,
      port: mailbox.smtp_port,
      tls: mailbox.smtp_tls as ServerEndpoint["tls"],
      user,
      password,
    },
    imap: {
      host: mailbox.imap_host,
      port: mailbox.imap_port,
      tls: mailbox.imap_tls as ServerEndpoint["tls"],
      user,
      password,
    },
  };
}

/** Writes the letter's RFC 5322 bytes into `file`, its attachments streamed from the files store. */
async function spoolRaw(deps: SendDeps, m: MessageRow, date: Date, file: string): Promise<void> {
  const files = (await attachmentsOf(deps.db, [m.id])).get(m.id) ?? [];
  const attachments = await Promise.all(
    files.flatMap((f) =>
      f.sha256
        ? [
            deps
              .openBlob(f.sha256)
              .then((content) => ({ filename: f.filename, contentType: f.content_type, content })),
          ]
        : [],
    ),
  );
  const from = (m.from as unknown as Address[])[0] ?? { address: m.from_address ?? "" };
  await writeRaw(
    {
      messageId: wrapId(m.message_id),
      date,
      from,
      to: m.to as unknown as Address[],
      cc: m.cc as unknown as Address[],
      bcc: m.bcc as unknown as Address[],
      subject: m.subject,
      html: m.html_body ?? "",
      text: m.text_body,
      inReplyTo: m.in_reply_to ? wrapId(m.in_reply_to) : null,
      references: m.references.map(wrapId),
      attachments,
    },
    file,
  );
}

const reason = (err: unknown) => {
  const e = err as { message?: string; code?: string; responseCode?: number };
  return String(e.message ?? err).slice(0, 1000);
};

/**
 * Sends one queued letter, at most once:
 * 1. claim: `queued → sending` in one UPDATE (only one job can win; a sent or failed row is left alone);
 * 2. SMTP over the mailbox's server (pinned address), the envelope naming To, Cc and Bcc;
 * 3. `sent` committed at once, then the same bytes APPENDed to the Sent folder (skipped if a copy with the
 *    Message-ID is already there).
 * A job that finds the row still `sending` is a retry after a crash between claim and commit: if the Sent
 * folder holds the Message-ID the letter left → `sent`; otherwise it is marked `failed` ("interrupted") and
 * never re-sent by itself — the user decides to retry. SMTP errors mark it `failed` with the server's reason.
 */
export async function sendOne(deps: SendDeps, id: string, log: Logger): Promise<void> {
  const claimed = await claimForSending(deps.db, id);
  if (!claimed) {
    const row = await messageById(deps.db, id);
    if (row?.send_status !== "sending") return; // sent, failed, cancelled or gone: nothing to do
    return recoverInterrupted(deps, row, log);
  }
  const mailbox = await mailboxById(deps.db, claimed.mailbox_id);
  if (!mailbox || mailbox.deleted_at) {
    await setSendState(deps.db, id, { status: "failed", error: "The mailbox was removed." });
    return;
  }
  const { smtp, imap } = endpoints(mailbox, deps.secrets);
  const sentAt = new Date();
  // The letter is spooled to a private temp file and streamed from there (to SMTP, then to the Sent folder):
  // a letter with large attachments is never one buffer while it is sent.
  const spool = await mkdtemp(path.join(tmpdir(), "tandem-send-"));
  const file = path.join(spool, "letter.eml");
  try {
    try {
      await spoolRaw(deps, claimed, sentAt, file);
      const rcpt = [
        ...(claimed.to as unknown as Address[]),
        ...(claimed.cc as unknown as Address[]),
        ...(claimed.bcc as unknown as Address[]),
      ];
      await smtpSend(smtp, { from: mailbox.address, to: rcpt.map((a) => a.address) }, file, deps.allow);
    } catch (err) {
      log.warn({ err, messageId: id }, "mail send failed");
      await setSendState(deps.db, id, { status: "failed", error: reason(err) });
      return;
    }
    await markSent(deps, claimed, sentAt);
    try {
      const folder = await sentFolderPath(deps.db, mailbox.id);
      await appendToSent(imap, folder, file, wrapId(claimed.message_id), sentAt, deps.allow);
    } catch (err) {
      // The letter left; only the Sent copy is missing. The thread already shows it.
      log.warn({ err, messageId: id }, "sent letter not filed in the Sent folder");
    }
  } finally {
    await rm(spool, { recursive: true, force: true });
  }
}

async function recoverInterrupted(deps: SendDeps, row: MessageRow, log: Logger): Promise<void> {
  const mailbox = await mailboxById(deps.db, row.mailbox_id);
  let found = false;
  if (mailbox && !mailbox.deleted_at) {
    try {
      const folder = await sentFolderPath(deps.db, mailbox.id);
      found = await sentCopyExists(
        endpoints(mailbox, deps.secrets).imap,
        folder,
        wrapId(row.message_id),
        deps.allow,
      );
    } catch (err) {
      log.warn({ err, messageId: row.id }, "could not look for an interrupted letter in Sent");
    }
  }
  if (found) return markSent(deps, row, row.sent_at);
  await setSendState(deps.db, row.id, {
    status: "failed",
    error: "The send was interrupted; the letter may have left. Check before retrying.",
  });
}

/** `sent`, with the `mailMessages.send` change event (audit, webhooks, automations) in the same transaction. */
async function markSent(deps: SendDeps, m: MessageRow, sentAt: Date): Promise<void> {
  const asAddr = (v: unknown) =>
    (Array.isArray(v) ? (v as Address[]) : []).map((a) => ({ name: a.name ?? "", address: a.address }));
  await deps.db.transaction().execute(async (trx) => {
    await setSendState(trx, m.id, { status: "sent", sentAt });
    const links = (await threadLinks(trx, [m.thread_id])).get(m.thread_id) ?? [];
    await recordChange(trx, { actorId: m.sent_by }, [
      {
        entity: "mailMessages",
        entityId: m.id,
        action: "send",
        changes: {
          mailboxId: m.mailbox_id,
          threadId: m.thread_id,
          messageId: m.message_id,
          subject: m.subject,
          from: asAddr(m.from),
          to: asAddr(m.to),
          sentAt: sentAt.toISOString(),
          direction: "out",
          links,
        },
      },
    ] as never);
  });
}

export function sendJob(deps: SendDeps): JobDefinition<SendJobData> {
  return {
    name: SEND_JOB,
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: SEND_EXPIRE_SECONDS,
    async handler(jobs, { log }) {
      for (const job of jobs) await sendOne(deps, job.data.messageId, log);
    },
  };
}
