import sanitizeHtml from "sanitize-html";

/**
 * The one HTML sanitizer of the server. Every caller states a policy — which tags and attributes survive — and
 * shares the rest: link URLs limited to http(s)/mailto/tel, no protocol-relative URLs, links always
 * `rel="noopener noreferrer"`, every other tag and attribute (scripts, styles, event handlers, forms, frames)
 * discarded with `javascript:`/`data:` URLs.
 */

/** URL schemes a link (`href`) may use. */
export const LINK_SCHEMES: readonly string[] = ["http", "https", "mailto", "tel"];

/** Paragraphs, emphasis, lists, quotes, links, headings and code: the formatting of every rich-text field. */
export const FORMATTING_TAGS: readonly string[] = [
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
];

/** sanitize-html's default set (the above plus headings h5/h6, sections, tables, lists of terms…): whole letters. */
export const DOCUMENT_TAGS: readonly string[] = sanitizeHtml.defaults.allowedTags;

export type HtmlAttributes = Record<string, string>;
export type TagTransform = (
  tagName: string,
  attribs: HtmlAttributes,
) => { tagName: string; attribs: HtmlAttributes };

export interface RichHtmlPolicy {
  /** Tags kept (their text stays when a tag goes). */
  tags: readonly string[];
  /** Attributes kept per tag; `"*"` for every tag. */
  attributes: Readonly<Record<string, readonly string[]>>;
  /** Allowed inline style properties (per tag or `"*"`), each with the patterns its value must match. */
  styles?: Readonly<Record<string, Readonly<Record<string, RegExp[]>>>>;
  /** URL schemes of `<img src>` (`cid`, `data`…); without them an image takes the link schemes. */
  imageSchemes?: readonly string[];
  /** A link's `target` (when the policy keeps the attribute): as written, `_blank` when any is set, or always. */
  linkTarget?: "as-written" | "blank-when-set" | "always-blank";
  /** `//host/path` URLs; off unless a policy states otherwise. */
  allowProtocolRelative?: boolean;
  /** Further rewrites by tag name (run before attributes are filtered); links are the sanitizer's own. */
  transform?: Readonly<Record<string, TagTransform>>;
}

/** Sanitizes `html` by `policy` (not trimmed). */
export function sanitizeRichHtml(html: string, policy: RichHtmlPolicy): string {
  const target = policy.linkTarget ?? "as-written";
  const link: TagTransform = (tagName, attribs) => ({
    tagName,
    attribs: {
      ...attribs,
      rel: "noopener noreferrer",
      ...(target === "always-blank" || (target === "blank-when-set" && attribs.target)
        ? { target: "_blank" }
        : {}),
    },
  });
  const options: sanitizeHtml.IOptions = {
    allowedTags: [...policy.tags],
    allowedAttributes: Object.fromEntries(Object.entries(policy.attributes).map(([tag, a]) => [tag, [...a]])),
    allowedSchemes: [...LINK_SCHEMES],
    allowProtocolRelative: policy.allowProtocolRelative ?? false,
    disallowedTagsMode: "discard",
    transformTags: { ...policy.transform, a: link },
  };
  if (policy.imageSchemes) options.allowedSchemesByTag = { img: [...policy.imageSchemes] };
  if (policy.styles) options.allowedStyles = policy.styles as sanitizeHtml.IOptions["allowedStyles"];
  return sanitizeHtml(html, options);
}

/** Text of `html` with every tag removed (scripts and styles with their content); entities stay escaped. */
export function stripTags(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
}
