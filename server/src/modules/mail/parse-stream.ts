import { createHash } from "node:crypto";
import { once } from "node:events";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { AttachmentStream, HeaderValue, MessageText, ParsedMail } from "mailparser";
import {
  attachmentFacts,
  PARSER_OPTIONS,
  type ParsedAttachment,
  type ParsedMessage,
  presentParsed,
} from "./parse.js";

/** Where a streamed attachment's bytes go (the files store, `attachment-blobs.ts`), and what was kept. */
export type AttachmentSink = (
  content: Readable,
) => Promise<{ sha256: string; size: number; stored: boolean }>;

const HEAD_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);
/** The headers simpleParser lifts onto the parsed mail (camel-cased), as `parseMessage` reads them. */
const LIFTED = [
  "subject",
  "references",
  "date",
  "to",
  "from",
  "cc",
  "bcc",
  "message-id",
  "in-reply-to",
  "reply-to",
];

/**
 * Parses a message read as a stream (a large one, `client.download`): headers and text bodies as `parseMessage`
 * does, while each attachment flows into `sink` as it is decoded — neither the message nor an attachment is ever
 * whole in memory (mailparser waits for the sink: backpressure). `null` when the MIME looks malformed or cannot be
 * parsed: the caller then reads it whole and `parseMessage` keeps it raw with its warning (rare, and such mail
 * is small). Inline images stay `cid:` links here (the buffered parse turns them into data: URLs, which would put
 * the image into the body a second time).
 */
export async function parseMessageStream(
  source: Readable,
  fallbackDate: Date,
  sink: AttachmentSink,
): Promise<ParsedMessage | null> {
  const hash = createHash("sha256");
  let size = 0;
  let head = EMPTY;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      done(null, chunk);
    },
  });
  // mailparser is loaded on first use: every process (and every server test file) imports this module.
  const { MailParser } = await import("mailparser");
  const parser = new MailParser(PARSER_OPTIONS);
  const mail: Partial<ParsedMail> & Record<string, unknown> = {};
  const attachments: ParsedAttachment[] = [];
  const stored: Promise<void>[] = [];
  let failure: unknown = null;
  parser.on("headers", (headers: Map<string, HeaderValue>) => {
    mail.headers = headers;
  });
  parser.on("data", (data: AttachmentStream | MessageText) => {
    if (data.type === "text") {
      mail.text = data.text;
      mail.html = data.html as ParsedMail["html"];
      return;
    }
    const entry: ParsedAttachment = {
      ...attachmentFacts(data),
      size: 0,
      sha256: "",
      content: EMPTY,
      stored: false,
    };
    attachments.push(entry);
    stored.push(
      sink(data.content as Readable)
        .then((r) => {
          entry.size = r.size;
          entry.sha256 = r.sha256;
          entry.stored = r.stored;
        })
        .catch((err: unknown) => {
          failure ??= err;
          parser.destroy(err as Error);
        })
        .finally(() => data.release?.()),
    );
  });
  let sourceFailed: unknown = null;
  source.once("error", (err) => {
    sourceFailed = err;
  });
  const ended = once(parser, "end");
  try {
    await Promise.all([pipeline(source, tap, parser), ended]);
  } catch (err) {
    await Promise.allSettled(stored);
    if (failure) throw failure;
    // The source itself failed (connection lost): not a parse problem — the batch fails and is retried.
    if (sourceFailed) throw sourceFailed;
    if (!(err instanceof Error)) throw err;
    return null; // MIME mailparser cannot read: the buffered parse keeps it raw
  }
  await Promise.all(stored);
  if (failure) throw failure;
  const headers = mail.headers ?? new Map();
  for (const key of LIFTED) {
    if (headers.has(key))
      mail[key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = headers.get(key);
  }
  if (looksMalformed(head, headers, attachments.length > 0 || Boolean(mail.text || mail.html))) return null;
  return presentParsed(
    { ...mail, headers } as ParsedMail,
    { size, digest: () => hash.digest("hex"), warning: null },
    attachments,
    fallbackDate,
  );
}

/** The checks of `parseMessage` that need no whole message (a boundary that never appears: no part found). */
function looksMalformed(head: Buffer, headers: Map<string, HeaderValue>, anyPart: boolean): boolean {
  const text = head.toString("latin1");
  if (text.search(/\r?\n\r?\n/) < 0 && head.length > 0 && !/^[\x21-\x39\x3b-\x7e]+:/.test(text)) return true;
  const ct = headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  if (ct?.value?.startsWith("multipart/")) return !ct.params?.boundary || !anyPart;
  return false;
}
