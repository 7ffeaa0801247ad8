import { createHash } from "node:crypto";
import type { AddressObject, ParsedMail } from "mailparser";
import { sanitizeMailHtml, snippetOf, splitReply } from "./content.js";

export interface MailAddress {
  name: string;
  address: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  contentId: string | null;
  inline: boolean;
  /** The decoded bytes (empty once in the files store, and for an attachment streamed there while parsing). */
  content: Buffer;
  /**
   * The bytes are in the files store under `sha256` (a refused program: false) — set by `storeAttachmentBlobs`,
   * or by the streamed parse (`parse-stream.ts`) that wrote them there as they were decoded.
   */
  stored?: boolean;
}

/** A message as the store keeps it: decoded headers and bodies, sanitized HTML, reply text split off. */
export interface ParsedMessage {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  replyTo: MailAddress[];
  subject: string;
  sentAt: Date;
  text: string;
  html: string | null;
  hasRemoteImages: boolean;
  replyText: string;
  hasQuoted: boolean;
  snippet: string;
  size: number;
  attachments: ParsedAttachment[];
  /** Set when the MIME structure could not be read: the raw bytes are kept with this warning. */
  warning: string | null;
  raw: Buffer | null;
}

const MAX_TEXT = 1_000_000;

/** mailparser's options for every message, buffered or streamed (`parse-stream.ts`). */
export const PARSER_OPTIONS = {
  skipImageLinks: true,
  skipTextLinks: true,
  // The text is the message's own text part (HTML-only mail: derived by htmlToText below); no linkified copy.
  skipTextToHtml: true,
  skipHtmlToText: true,
  maxHtmlLengthToParse: 5_000_000,
} as const;

function addresses(a: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = a ? (Array.isArray(a) ? a : [a]) : [];
  const out: MailAddress[] = [];
  const walk = (items: AddressObject["value"]) => {
    for (const v of items) {
      if (v.group) walk(v.group);
      else if (v.address)
        out.push({ name: (v.name ?? "").slice(0, 300), address: v.address.toLowerCase().slice(0, 320) });
    }
  };
  for (const o of list) walk(o.value);
  return out;
}

export function stripAngles(id: string): string {
  return id.trim().replace(/^<+/, "").replace(/>+$/, "").slice(0, 998);
}

function idList(v: string | string[] | undefined): string[] {
  if (!v) return [];
  const all = (Array.isArray(v) ? v : [v]).flatMap((s) => s.match(/<[^<>\s]+>/g) ?? s.split(/\s+/));
  return [...new Set(all.map(stripAngles).filter(Boolean))].slice(-100);
}

function headerText(parsed: Pick<ParsedMail, "headers">, name: string): string {
  const h = parsed.headers.get(name);
  return typeof h === "string" ? h : "";
}

function looksMalformed(raw: Buffer, parsed: ParsedMail): string | null {
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString("latin1");
  const headerEnd = head.search(/\r?\n\r?\n/);
  if (headerEnd < 0 && raw.length > 0 && !/^[\x21-\x39\x3b-\x7e]+:/.test(head)) {
    return "No RFC 5322 header block: kept as raw.";
  }
  const ct = parsed.headers.get("content-type") as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  if (ct?.value?.startsWith("multipart/") && !ct.params?.boundary) {
    return "Multipart message without a boundary: kept as raw.";
  }
  if (
    ct?.value?.startsWith("multipart/") &&
    ct.params?.boundary &&
    !head.includes(`--${ct.params.boundary}`) &&
    !raw.includes(`--${ct.params.boundary}`)
  ) {
    return "Multipart boundary never appears in the body: kept as raw.";
  }
  return null;
}

/** Parses raw RFC 5322 bytes (any charset mailparser/iconv-lite know: UTF-8, Windows-1251, KOI8-R, ISO-8859-5…). */
export async function parseMessage(raw: Buffer, fallbackDate: Date): Promise<ParsedMessage> {
  let parsed: ParsedMail;
  let warning: string | null = null;
  // mailparser is loaded on first use: every process (and every server test file) imports this module.
  const { simpleParser } = await import("mailparser");
  try {
    parsed = await simpleParser(raw, PARSER_OPTIONS);
    warning = looksMalformed(raw, parsed);
  } catch (err) {
    warning = `MIME could not be parsed (${err instanceof Error ? err.message : String(err)}): kept as raw.`;
    parsed = await simpleParser(Buffer.from(`Subject: \r\n\r\n${raw.toString("latin1")}`));
  }
  return presentParsed(
    parsed,
    { size: raw.length, digest: () => createHash("sha256").update(raw).digest("hex"), warning, bytes: raw },
    parsed.attachments.map((a) => ({
      ...attachmentFacts(a),
      size: a.size ?? a.content.length,
      sha256: createHash("sha256").update(a.content).digest("hex"),
      content: a.content,
    })),
    fallbackDate,
  );
}

/** What the store keeps of an attachment besides its bytes (name, type, content id, inline). */
export function attachmentFacts(a: {
  filename?: string | undefined;
  contentType: string;
  contentId?: string | undefined;
  contentDisposition?: string | undefined;
  related?: boolean | undefined;
}) {
  return {
    filename: (a.filename ?? (a.contentType === "application/ms-tnef" ? "winmail.dat" : "attachment")).slice(
      0,
      255,
    ),
    contentType: a.contentType || "application/octet-stream",
    contentId: a.contentId ? stripAngles(a.contentId) : null,
    inline: a.contentDisposition === "inline" || Boolean(a.related),
  };
}

/** The parsed headers and bodies as the store keeps them (shared by the buffered and the streamed parse). */
export function presentParsed(
  parsed: Pick<
    ParsedMail,
    | "headers"
    | "text"
    | "html"
    | "messageId"
    | "inReplyTo"
    | "references"
    | "date"
    | "from"
    | "to"
    | "cc"
    | "bcc"
    | "replyTo"
    | "subject"
  >,
  raw: { size: number; digest: () => string; warning: string | null; bytes?: Buffer },
  attachments: ParsedAttachment[],
  fallbackDate = new Date(),
): ParsedMessage {
  const text = (parsed.text ?? "").slice(0, MAX_TEXT);
  const htmlSource = typeof parsed.html === "string" ? parsed.html : null;
  const sanitized = htmlSource ? sanitizeMailHtml(htmlSource.slice(0, 5_000_000)) : null;
  const plain = text || (htmlSource ? htmlToText(htmlSource) : "");
  const { replyText, hasQuoted } = splitReply(plain);
  const rawId = parsed.messageId ? stripAngles(parsed.messageId) : "";
  const messageId = rawId || `${raw.digest()}@tandem.invalid`;
  const inReplyTo = parsed.inReplyTo ? (idList(parsed.inReplyTo)[0] ?? null) : null;
  const sent = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : fallbackDate;
  return {
    messageId,
    inReplyTo,
    references: idList(parsed.references),
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    bcc: addresses(parsed.bcc),
    replyTo: addresses(parsed.replyTo),
    subject: (parsed.subject ?? headerText(parsed, "subject")).replace(/\0/g, "").slice(0, 998),
    sentAt: sent,
    text: plain.replace(/\0/g, ""),
    html: sanitized?.html ?? null,
    hasRemoteImages: sanitized?.hasRemoteImages ?? false,
    replyText: replyText.replace(/\0/g, ""),
    hasQuoted,
    snippet: snippetOf(replyText || plain),
    size: raw.size,
    attachments,
    warning: raw.warning,
    raw: raw.warning ? (raw.bytes ?? null) : null,
  };
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|tr|li|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
