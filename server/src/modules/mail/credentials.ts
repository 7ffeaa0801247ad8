import type { ImapFlowOptions } from "imapflow";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import { NotFoundError } from "../../platform/errors.js";
import type { AppDeps } from "../../platform/http/types.js";
import { imapOptions, pinned, smtpOptions } from "./connection.js";

export interface MailboxCredentials {
  id: string;
  address: string;
  name: string;
  signatureHtml: string | null;
  /** The Sent folder's path once the sync found it (append copies there). */
  sentPath: string | null;
  imap: ImapFlowOptions;
  smtp: SMTPTransport.Options;
}

/**
 * Ready-to-use connection options for a mailbox: the password opened from `deps.secrets`, each host checked by
 * the SSRF guard and pinned to its address (TLS still verifies the host name). For sending and Sent appends.
 */
export async function mailboxCredentials(
  deps: Pick<AppDeps, "db" | "secrets" | "config">,
  mailboxId: string,
): Promise<MailboxCredentials> {
  const mb = await deps.db
    .selectFrom("mailboxes")
    .selectAll()
    .where("id", "=", mailboxId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!mb) throw new NotFoundError("Mailbox");
  const sent = await deps.db
    .selectFrom("mailbox_folders")
    .select("path")
    .where("mailbox_id", "=", mailboxId)
    .where("role", "=", "sent")
    .executeTakeFirst();
  const password = deps.secrets.open(mb.password_sealed);
  const allow = deps.config.outboundAllowHosts;
  const [imapAddress, smtpAddress] = await Promise.all([
    pinned(mb.imap_host, allow),
    pinned(mb.smtp_host, allow),
  ]);
  const base = { user: mb.username, password };
  return {
    id: mb.id,
    address: mb.address,
    name: mb.name,
    signatureHtml: mb.signature_html,
    sentPath: sent?.path ?? null,
    imap: imapOptions(
      { ...base, host: mb.imap_host, port: mb.imap_port, tls: mb.imap_tls as never },
      imapAddress,
    ),
    smtp: smtpOptions(
      { ...base, host: mb.smtp_host, port: mb.smtp_port, tls: mb.smtp_tls as never },
      smtpAddress,
    ),
  };
}
