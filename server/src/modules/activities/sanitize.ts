import {
  FORMATTING_TAGS,
  type HtmlAttributes,
  type RichHtmlPolicy,
  sanitizeRichHtml,
} from "../../platform/html/sanitize.js";

/**
 * Rich text of notes and logged emails: basic formatting and links survive; scripts, styles, event handlers,
 * `javascript:`/`data:` URLs and every other tag or attribute are removed. Links get rel="noopener noreferrer".
 * A mention is `<span data-mention="<user id>">@Name</span>`; `span` keeps that one attribute and nothing else.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NOTE_POLICY: RichHtmlPolicy = {
  tags: [...FORMATTING_TAGS, "span"],
  attributes: { a: ["href", "title", "target", "rel"], span: ["data-mention"] },
  linkTarget: "blank-when-set",
  transform: {
    // A mention keeps its user id only when it is a UUID; any other value is dropped with the attribute.
    span: (tagName, attribs) => {
      const id = attribs["data-mention"];
      const kept: HtmlAttributes = id && UUID.test(id) ? { "data-mention": id.toLowerCase() } : {};
      return { tagName, attribs: kept };
    },
  },
};

export function sanitizeRichText(html: string): string {
  return sanitizeRichHtml(html, NOTE_POLICY).trim();
}

/** User ids mentioned in sanitized rich text, each once, in order of appearance. */
export function mentionedUserIds(html: string | null | undefined): string[] {
  if (!html) return [];
  const ids = new Set<string>();
  for (const m of html.matchAll(/<span data-mention="([0-9a-f-]{36})"/g)) if (m[1]) ids.add(m[1]);
  return [...ids];
}
