import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import { resolvePublicAddress } from "../../platform/net/ssrf.js";
import { type Address, formatAddress } from "./compose.js";

/** Where and as whom a mailbox sends and files its sent letters (password already opened from `deps.secrets`). */
export interface ServerEndpoint {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (465/993); `starttls`: upgrade required; `none`: plain (test rigs only). */
  tls: "tls" | "starttls" | "none";
  user: string;
  password: string;
}

export interface OutgoingLetter {
  messageId: string;
  date: Date;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  html: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  attachments: { filename: string; contentType: string; content: Readable | Buffer }[];
}

/**
 * The letter as RFC 5322 bytes, built once into `file` (streamed: attachments are read from the files store as
 * they are encoded, never whole): the same bytes go to SMTP and to the Sent folder, so the copy we file is
 * exactly what left. Bcc is not in the headers (only in the SMTP envelope).
 */
export async function writeRaw(letter: OutgoingLetter, file: string): Promise<void> {
  const composer = new MailComposer({
    messageId: letter.messageId,
    date: letter.date,
    from: formatAddress(letter.from),
    to: letter.to.map(formatAddress),
    cc: letter.cc.map(formatAddress),
    subject: letter.subject,
    html: letter.html,
    text: letter.text,
    ...(letter.inReplyTo ? { inReplyTo: letter.inReplyTo } : {}),
    ...(letter.references.length ? { references: letter.references } : {}),
    attachments: letter.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
  });
  await pipeline(composer.compile().createReadStream(), createWriteStream(file, { mode: 0o600 }));
}

/** The address to connect to: resolved once, refused when private/metadata unless allow-listed (SSRF guard). */
async function pinned(host: string, allow: readonly string[]) {
  const { address } = await resolvePublicAddress(host, allow);
  return address;
}

/**
 * Sends the letter in `file` over the mailbox's SMTP server, streamed from disk, connecting to the pinned address
 * (TLS checked for `host`).
 */
export async function smtpSend(
  endpoint: ServerEndpoint,
  envelope: { from: string; to: string[] },
  file: string,
  allow: readonly string[],
): Promise<{ response: string }> {
  const address = await pinned(endpoint.host, allow);
  const transport = nodemailer.createTransport({
    host: address,
    port: endpoint.port,
    secure: endpoint.tls === "tls",
    requireTLS: endpoint.tls === "starttls",
    ignoreTLS: endpoint.tls === "none",
    auth: { user: endpoint.user, pass: endpoint.password },
    tls: { servername: endpoint.host },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({ envelope, raw: { path: file } });
    return { response: String(info.response ?? "") };
  } finally {
    transport.close();
  }
}

async function withImap<T>(
  endpoint: ServerEndpoint,
  allow: readonly string[],
  run: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const address = await pinned(endpoint.host, allow);
  const client = new ImapFlow({
    host: address,
    port: endpoint.port,
    secure: endpoint.tls === "tls",
    doSTARTTLS: endpoint.tls === "starttls" ? true : endpoint.tls === "none" ? false : undefined,
    auth: { user: endpoint.user, pass: endpoint.password },
    tls: { servername: endpoint.host },
    logger: false,
    connectionTimeout: 15_000,
  });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * Files the sent letter (in `file`) in the Sent folder (seen), unless a copy with its Message-ID is already there.
 * imapflow's APPEND takes the message as one buffer (no stream literal), so the bytes are read only here, after
 * the letter left, and only when the copy is missing.
 */
export async function appendToSent(
  endpoint: ServerEndpoint,
  folder: string,
  file: string,
  messageId: string,
  date: Date,
  allow: readonly string[],
): Promise<void> {
  await withImap(endpoint, allow, async (client) => {
    const exists = (await client.list()).some((m) => m.path === folder);
    if (!exists) await client.mailboxCreate(folder);
    else if (await findIn(client, folder, messageId)) return;
    await client.append(folder, await readFile(file), ["\\Seen"], date);
  });
}

/** Whether a letter with this Message-ID is in the folder (a send interrupted after SMTP accepted it). */
export async function sentCopyExists(
  endpoint: ServerEndpoint,
  folder: string,
  messageId: string,
  allow: readonly string[],
): Promise<boolean> {
  return withImap(endpoint, allow, (client) => findIn(client, folder, messageId));
}

async function findIn(client: ImapFlow, folder: string, messageId: string): Promise<boolean> {
  const lock = await client.getMailboxLock(folder);
  try {
    const uids = await client.search({ header: { "message-id": messageId } }, { uid: true });
    return Array.isArray(uids) && uids.length > 0;
  } finally {
    lock.release();
  }
}
