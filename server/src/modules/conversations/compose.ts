import { randomUUID } from "node:crypto";
import {
  FORMATTING_TAGS,
  type RichHtmlPolicy,
  sanitizeRichHtml,
  stripTags,
} from "../../platform/html/sanitize.js";
import { stripSubjectPrefixes } from "../mail/module.js";

/** A mail address with an optional display name, as headers carry it. */
export interface Address {
  name?: string | null | undefined;
  address: string;
}

/**
 * What the composer may put in an outgoing letter: formatting, links, images by http(s)/cid URL, simple tables
 * (signatures). Scripts, styles, event handlers, forms and `javascript:`/`data:` URLs go.
 */
const LETTER_POLICY: RichHtmlPolicy = {
  tags: [...FORMATTING_TAGS, "div", "span", "hr", "img", "table", "thead", "tbody", "tr", "td", "th"],
  attributes: { a: ["href", "title"], img: ["src", "alt", "width", "height"], td: ["colspan"] },
  imageSchemes: ["https", "http", "cid"],
};

/** The composer's HTML as it is stored and sent. */
export function sanitizeOutgoingHtml(html: string): string {
  return sanitizeRichHtml(html, LETTER_POLICY).trim();
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/** A plain-text alternative of sanitized HTML: paragraphs and breaks become new lines, links keep their URL. */
export function htmlToText(html: string): string {
  const withBreaks = html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|h[1-4]|li|tr|blockquote|pre)>/gi, "\n")
    .replace(/<li[^>]*>/gi, "- ")
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, text: string) =>
      // `&lt;…&gt;`, not `<…>`: stripTags would take a bare `<https://…>` for a tag and drop the URL.
      text.replace(/<[^>]+>/g, "") === href ? href : `${text} &lt;${href}&gt;`,
    );
  const stripped = stripTags(withBreaks);
  return stripped
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? "")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A stable Message-ID for a letter we send, generated when its row is created (never at send time). */
export function newMessageId(fromAddress: string): string {
  const domain = /@([A-Za-z0-9.-]+)$/.exec(fromAddress)?.[1] ?? "tandem.invalid";
  return `<${randomUUID()}@${domain.toLowerCase()}>`;
}

/** "Re: <subject>" without piling prefixes up ("Re: Re: Fwd: x" → "Re: x"); the prefixes threading ignores. */
export function replySubject(subject: string | null): string {
  const base = stripSubjectPrefixes(subject ?? "");
  return base ? `Re: ${base}` : "Re:";
}

export function forwardSubject(subject: string | null): string {
  const base = stripSubjectPrefixes(subject ?? "");
  return base ? `Fwd: ${base}` : "Fwd:";
}

/** `References` of a reply: the parent's references plus its Message-ID (RFC 5322 §3.6.4), at most 20 kept. */
export function replyReferences(parent: { messageId: string | null; references: readonly string[] }) {
  const refs = [...parent.references];
  if (parent.messageId && !refs.includes(parent.messageId)) refs.push(parent.messageId);
  // Keep the first (thread root) and the most recent ones when the chain grows long.
  return refs.length > 20 ? [refs[0] as string, ...refs.slice(-19)] : refs;
}

const norm = (a: string) => a.trim().toLowerCase();

/**
 * Recipients of a reply: the parent's Reply-To or sender — or, when we sent the parent, its recipients; with
 * `all`, also the parent's To and Cc, never our own address and never one address twice.
 */
export function replyRecipients(
  parent: { from: Address[]; replyTo?: Address[]; to: Address[]; cc: Address[]; direction: "in" | "out" },
  own: string,
  all: boolean,
): { to: Address[]; cc: Address[] } {
  const seen = new Set([norm(own)]);
  const take = (list: Address[]) =>
    list.filter((a) => {
      const k = norm(a.address);
      if (!k || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  const primary =
    parent.direction === "out" ? parent.to : parent.replyTo?.length ? parent.replyTo : parent.from;
  const to = take(primary);
  const cc = all ? take([...(parent.direction === "out" ? [] : parent.to), ...parent.cc]) : [];
  return { to, cc };
}

export function formatAddress(a: Address): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

/** The quoted original under a reply or forward (the user's text stays on top). */
export function quoteOriginal(
  kind: "reply" | "forward",
  parent: {
    from: Address[];
    to: Address[];
    sentAt: Date;
    subject: string | null;
    html: string | null;
    text: string | null;
  },
): string {
  const body = parent.html ?? `<p>${escapeHtml(parent.text ?? "").replace(/\n/g, "<br>")}</p>`;
  const from = escapeHtml(parent.from.map(formatAddress).join(", "));
  const when = parent.sentAt.toISOString().replace("T", " ").slice(0, 16);
  if (kind === "reply") {
    return `<p>${when} UTC, ${from}:</p><blockquote>${body}</blockquote>`;
  }
  const to = escapeHtml(parent.to.map(formatAddress).join(", "));
  return (
    `<p>---------- Forwarded message ----------<br>From: ${from}<br>Date: ${when} UTC<br>` +
    `Subject: ${escapeHtml(parent.subject ?? "")}<br>To: ${to}</p>${body}`
  );
}
