import { createWriteStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ImapFlow } from "imapflow";
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
  // imapflow is loaded on first use: every process (and every server test file) imports this module.
  const { ImapFlow } = await import("imapflow");
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
 * The most bytes of Sent copies one process holds in memory at once, and so the largest letter it files in Sent:
 * 100 MiB, room for a letter carrying one attachment at the files store's default limit (50 MB, ~68 MB as base64).
 */
export const SENT_COPY_MAX_BYTES = 100 * 1_048_576;

/** A letter the Sent folder is not given: larger than what may be held in memory for the APPEND, or than the server takes. */
export class SentCopyTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
    readonly by: "memory bound" | "APPENDLIMIT",
  ) {
    super(
      by === "APPENDLIMIT"
        ? `The letter (${size} bytes) is over the IMAP server's APPENDLIMIT (${limit} bytes): not filed in Sent.`
        : `The letter (${size} bytes) is over ${limit} bytes, the most a Sent copy may hold in memory: not filed in Sent.`,
    );
  }
}

/**
 * A byte budget shared by the Sent APPENDs of a process: `acquire(n)` waits (first come, first served) until `n`
 * more bytes fit, and returns the release. `peak` is the most ever held (tests).
 */
export class ByteGate {
  #held = 0;
  #peak = 0;
  readonly #waiting: { n: number; go: () => void }[] = [];
  constructor(readonly max: number) {}
  get held(): number {
    return this.#held;
  }
  get peak(): number {
    return this.#peak;
  }
  async acquire(n: number): Promise<() => void> {
    if (n > this.max) throw new RangeError(`${n} bytes never fit a gate of ${this.max}`);
    if (this.#waiting.length === 0 && this.#held + n <= this.max) this.#take(n);
    else await new Promise<void>((go) => this.#waiting.push({ n, go })); // a release takes the bytes for it
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held -= n;
      for (;;) {
        const next = this.#waiting[0];
        if (!next || this.#held + next.n > this.max) return;
        this.#waiting.shift();
        this.#take(next.n);
        next.go();
      }
    };
  }
  #take(n: number): void {
    this.#held += n;
    this.#peak = Math.max(this.#peak, this.#held);
  }
}

/** This process's budget for Sent copies in memory. */
export const sentCopyGate = new ByteGate(SENT_COPY_MAX_BYTES);

/**
 * Files the sent letter (in `file`) in the Sent folder (seen), unless a copy with its Message-ID is already there.
 *
 * Not streamed, because imapflow cannot: its `append(path, content, …)` (imapflow 2.10, `commands/append.js`)
 * takes a Buffer, Uint8Array or string and throws `InvalidMessageContent` for anything else — a Readable
 * included — since it announces the literal's size (`{n}`) from those bytes, and its command compiler
 * (`handler/imap-compiler.js`) writes LITERAL values only from a Buffer or string. So the copy is one buffer,
 * bounded instead: the file's size is checked before it is read — over `maxBytes` (default
 * `SENT_COPY_MAX_BYTES`) or over the server's RFC 7889 `APPENDLIMIT` the letter is not filed
 * (`SentCopyTooLargeError`; the letter already left and its thread shows it) — and it is read only while the
 * process's `gate` holds its size, so all Sent copies in memory at once never exceed the gate's budget. The
 * buffer is read after the letter left and the copy was found missing, and handed to the socket as is: for a
 * literal over 4 KiB imapflow waits for the server's continuation and writes the buffer without copying it.
 */
export async function appendToSent(
  endpoint: ServerEndpoint,
  folder: string,
  file: string,
  messageId: string,
  date: Date,
  allow: readonly string[],
  opts: { maxBytes?: number; gate?: ByteGate } = {},
): Promise<void> {
  const gate = opts.gate ?? sentCopyGate;
  const maxBytes = Math.min(opts.maxBytes ?? SENT_COPY_MAX_BYTES, gate.max);
  const { size } = await stat(file);
  if (size > maxBytes) throw new SentCopyTooLargeError(size, maxBytes, "memory bound");
  await withImap(endpoint, allow, async (client) => {
    const appendLimit = client.capabilities.get("APPENDLIMIT");
    if (typeof appendLimit === "number" && size > appendLimit) {
      throw new SentCopyTooLargeError(size, appendLimit, "APPENDLIMIT");
    }
    const exists = (await client.list()).some((m) => m.path === folder);
    if (!exists) await client.mailboxCreate(folder);
    else if (await findIn(client, folder, messageId)) return;
    const release = await gate.acquire(size);
    try {
      await client.append(folder, await readFile(file), ["\\Seen"], date);
    } finally {
      release();
    }
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
