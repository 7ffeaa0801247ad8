import EmailReplyParser from "email-reply-parser";
import { DOCUMENT_TAGS, type RichHtmlPolicy, sanitizeRichHtml } from "../../platform/html/sanitize.js";

const REMOTE = /^(https?:)?\/\//i;

const CSS_COLOR = /^[#a-z0-9(),.\s%]+$/i;
const CSS_BOX = /^[\d.\s]+(px|pt|em)?[\d.\spxtem]*$/;

/** Received (and sent) mail shown to users: the document tags plus the layout old mail clients still write. */
const MAIL_POLICY: RichHtmlPolicy = {
  tags: [
    ...DOCUMENT_TAGS,
    "img",
    "font",
    "center",
    "span",
    "div",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "col",
    "colgroup",
    "u",
    "s",
    "sub",
    "sup",
  ],
  attributes: {
    a: ["href", "name", "title", "rel", "target"],
    img: ["src", "data-remote-src", "alt", "title", "width", "height"],
    font: ["color", "size", "face"],
    td: ["colspan", "rowspan", "align", "valign", "width"],
    th: ["colspan", "rowspan", "align", "valign", "width"],
    table: ["width", "border", "cellpadding", "cellspacing", "align"],
    "*": ["style", "dir", "lang", "align"],
  },
  styles: {
    "*": {
      color: [CSS_COLOR],
      "background-color": [CSS_COLOR],
      "text-align": [/^(left|right|center|justify)$/],
      "font-weight": [/^(bold|normal|\d{3})$/],
      "font-style": [/^(italic|normal)$/],
      "text-decoration": [/^[a-z\s-]+$/],
      "font-size": [/^\d+(\.\d+)?(px|pt|em|rem|%)$/],
      margin: [CSS_BOX],
      padding: [CSS_BOX],
      border: [/^[\w\s#().,%-]+$/],
      width: [/^\d+(px|%)$/],
    },
  },
  imageSchemes: ["cid", "data", "http", "https"],
  linkTarget: "always-blank",
};

/**
 * Sanitizes a message's HTML for display in a sandboxed frame: formatting, tables, links (http/https/mailto,
 * `rel="noopener noreferrer"`, target blank) and images. Remote images are not loaded: their `src` moves to
 * `data-remote-src` (the viewer swaps it back when the user allows), `cid:`/`data:` images stay.
 */
export function sanitizeMailHtml(html: string): { html: string; hasRemoteImages: boolean } {
  let hasRemoteImages = false;
  const clean = sanitizeRichHtml(html, {
    ...MAIL_POLICY,
    transform: {
      img: (tagName, attribs) => {
        const src = attribs.src ?? "";
        if (!REMOTE.test(src)) return { tagName, attribs };
        hasRemoteImages = true;
        const { src: _drop, ...rest } = attribs;
        return { tagName, attribs: { ...rest, "data-remote-src": src } };
      },
    },
  });
  return { html: clean, hasRemoteImages };
}

/** Splits a plain-text body into the new text and the quoted history (both kept: the history collapses). */
export function splitReply(text: string): { replyText: string; hasQuoted: boolean } {
  if (!text.trim()) return { replyText: "", hasQuoted: false };
  const parser = new EmailReplyParser();
  const replied = parser.parseReplied(text).trim();
  const reply = parser.parseReply(text).trim();
  return { replyText: reply || text.trim(), hasQuoted: replied.length > 0 && reply.length > 0 };
}

const PREFIX =
  /^\s*((re|fw|fwd|aw|sv|vs|wg|tr|rv|rif|odp|otv|ha|отв|ответ|пересл|на)(\s*\[\d+\]|\s*\(\d+\))?\s*:\s*)+/iu;

/** Subject without its reply/forward prefixes ("Re: Fwd: AW: x" → "x"), trimmed. */
export function stripSubjectPrefixes(subject: string): string {
  let s = subject;
  for (let i = 0; i < 10; i++) {
    const next = s.replace(PREFIX, "");
    if (next === s) break;
    s = next;
  }
  return s.trim();
}

/** Subject without reply/forward prefixes, collapsed and lower-cased: the thread fallback key. */
export function subjectKey(subject: string): string {
  return stripSubjectPrefixes(subject).replace(/\s+/g, " ").toLowerCase().slice(0, 300);
}

/** Whether the subject reads as a reply or forward ("Re:", "Отв:"). */
export function isReplySubject(subject: string): boolean {
  return PREFIX.test(subject);
}

export function snippetOf(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}
