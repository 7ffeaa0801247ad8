import { randomBytes } from "node:crypto";
import type { Config } from "../../platform/config/config.js";
import type { Database } from "../../platform/db/database.js";
import { blobStore } from "../../platform/files/blobs.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import type { EntityCatalog } from "../../platform/records/catalog.js";
import type { SecretBox } from "../../platform/secrets/secret-box.js";
import type { MailRig } from "../../test/dovecot.js";
import { MailSyncWorker } from "./worker.js";

/** Test helpers for mail: RFC 5322 messages, a fast sync worker, waiting for a condition. */
export function rfc822(m: {
  from: string;
  to: string;
  subject: string;
  body?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
  cc?: string;
}): string {
  const id = m.messageId ?? `${randomBytes(8).toString("hex")}@mail.test`;
  return [
    `From: ${m.from}`,
    `To: ${m.to}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject}`,
    `Message-ID: <${id}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references ? [`References: ${m.references.map((r) => `<${r}>`).join(" ")}`] : []),
    `Date: ${(m.date ?? new Date()).toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    m.body ?? "Hello",
    "",
  ].join("\r\n");
}

export const silentLog = { info() {}, warn() {}, debug() {} };

export function fastWorker(
  deps: { db: Database; secrets: SecretBox; config: Config; entities: EntityCatalog; jobs: JobQueue },
  extra: Partial<ConstructorParameters<typeof MailSyncWorker>[0]> = {},
) {
  return new MailSyncWorker({
    db: deps.db,
    secrets: deps.secrets,
    blobs: blobStore(deps.config),
    entities: deps.entities,
    jobs: deps.jobs,
    allow: ["127.0.0.1"],
    log: silentLog,
    scanMs: 100,
    pollMs: 300,
    leaseMs: 3_000,
    ...extra,
  });
}

export async function waitFor<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > until)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await fn();
  }
  return last;
}

export function mailboxBody(
  rig: MailRig,
  user: string,
  password: string,
  extra: Record<string, unknown> = {},
) {
  return {
    name: user,
    address: user,
    imap: { host: rig.host, port: rig.imapPort, tls: "none" },
    smtp: { host: rig.host, port: rig.smtpPort, tls: "none" },
    username: user,
    password,
    ...extra,
  };
}

/** A multipart/mixed letter with a text part and base64 attachments sent as application/octet-stream. */
export function multipartWithAttachments(m: {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  text: string;
  attachments: { name: string; bytes: Buffer }[];
}): string {
  const part = (a: { name: string; bytes: Buffer }) =>
    [
      "--b1",
      `Content-Type: application/octet-stream; name="${a.name}"`,
      `Content-Disposition: attachment; filename="${a.name}"`,
      "Content-Transfer-Encoding: base64",
      "",
      // Lines of 76 characters, as mail clients write them (RFC 2045).
      a.bytes.toString("base64").replace(/.{76}/g, "$&\r\n"),
    ].join("\r\n");
  return [
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${m.subject}`,
    `Message-ID: <${m.messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    m.text,
    ...m.attachments.map(part),
    "--b1--",
    "",
  ].join("\r\n");
}
