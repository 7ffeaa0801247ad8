import sanitizeHtml from "sanitize-html";

/**
 * Rich text of notes and logged emails: basic formatting and links survive; scripts, styles, event handlers,
 * `javascript:`/`data:` URLs and every other tag or attribute are removed. Links get rel="noopener noreferrer".
 * A mention is `<span data-mention="<user id>">@Name</span>`; `span` keeps that one attribute and nothing else.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "code",
    "pre",
    "span",
  ],
  allowedAttributes: { a: ["href", "title", "target", "rel"], span: ["data-mention"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...attribs,
        rel: "noopener noreferrer",
        ...(attribs.target ? { target: "_blank" } : {}),
      },
    }),
    // A mention keeps its user id only when it is a UUID; any other value is dropped with the attribute.
    span: (tagName, attribs) => {
      const id = attribs["data-mention"];
      const kept: sanitizeHtml.Attributes = id && UUID.test(id) ? { "data-mention": id.toLowerCase() } : {};
      return { tagName, attribs: kept };
    },
  },
};

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, options).trim();
}

/** User ids mentioned in sanitized rich text, each once, in order of appearance. */
export function mentionedUserIds(html: string | null | undefined): string[] {
  if (!html) return [];
  const ids = new Set<string>();
  for (const m of html.matchAll(/<span data-mention="([0-9a-f-]{36})"/g)) if (m[1]) ids.add(m[1]);
  return [...ids];
}
