import type { Kysely, Transaction } from "kysely";
import type { Actor } from "../access/actor.js";
import type { DB } from "../db/schema.js";
import { AppError, type FieldError } from "../errors.js";
import { DOCUMENT_TAGS, type RichHtmlPolicy, sanitizeRichHtml, stripTags } from "../html/sanitize.js";
import type { EntityCatalog } from "../records/catalog.js";
import {
  checkSource,
  renderSource,
  TemplateInvalidError,
  type VariableSchema,
  variablesOf,
} from "./engine.js";
import {
  type EntityVariables,
  emptyValues,
  entityVariables,
  loadRecordValues,
  namespaceOf,
  pathOf,
} from "./variables.js";

type Db = Kysely<DB> | Transaction<DB>;

export type MessageKind = "email" | "sms";
export interface MessageSource {
  kind: MessageKind;
  subject?: string | null | undefined;
  body: string;
}
export interface RenderedMessage {
  kind: MessageKind;
  language: string;
  subject: string | null;
  html: string | null;
  text: string;
}

export class TemplateFieldHiddenError extends AppError {
  constructor(errors: FieldError[]) {
    super(422, "template_field_hidden", "The template uses fields your role cannot see.", errors);
  }
}

/**
 * Email HTML after rendering: formatting, links, images and tables; no scripts, styles or event handlers.
 * Protocol-relative (`//host`) URLs are kept, as this policy always has.
 */
const EMAIL_POLICY: RichHtmlPolicy = {
  tags: [...DOCUMENT_TAGS, "img", "span", "font", "center"],
  attributes: {
    a: ["href", "title", "target", "rel"],
    img: ["src", "alt", "width", "height", "title"],
    td: ["colspan", "rowspan", "align", "valign", "width"],
    th: ["colspan", "rowspan", "align", "valign", "width"],
    table: ["width", "cellpadding", "cellspacing", "border", "align"],
    "*": ["align"],
  },
  imageSchemes: ["http", "https", "cid"],
  allowProtocolRelative: true,
};

export function sanitizeEmailHtml(html: string): string {
  return sanitizeRichHtml(html, EMAIL_POLICY);
}

export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<br\s*\/?>/gi, "\n").replace(/<\/(p|div|li|tr|h[1-6])>/gi, "\n");
  const text = stripTags(withBreaks);
  return text
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Checks a subject/body pair; throws `TemplateInvalidError` with every error (field, line, column). */
export function checkMessage(source: MessageSource, schema: VariableSchema, prefix = ""): void {
  const errors = [
    ...(source.kind === "email" ? checkSource(`${prefix}subject`, source.subject ?? "", schema) : []),
    ...checkSource(`${prefix}body`, source.body, schema),
  ];
  if (errors.length > 0) throw new TemplateInvalidError(errors);
}

export interface RecordContext {
  values: Record<string, unknown>;
  /** `namespace.path` of fields hidden from the actor. */
  hidden: Set<string>;
  /** The language of the first record (primary, then related) that states one. */
  language: string | null;
}

/**
 * The variables of a record and the records its link fields point at (a deal's company and contact, a
 * contact's first company), each read in the actor's scope; namespaces without a record hold nulls.
 * A record the actor may not read is 404.
 */
export async function recordContext(
  db: Db,
  actor: Actor,
  catalog: EntityCatalog,
  record: { entity: string; id: string } | null,
): Promise<RecordContext & { entities: EntityVariables[] }> {
  const entities = await entityVariables(db, catalog);
  const values: Record<string, unknown> = {};
  for (const e of entities) values[e.namespace] = emptyValues(e.fields.map(pathOf));
  const hidden = new Set<string>();
  let language: string | null = null;
  if (!record) return { values, hidden, language, entities };
  const byName = new Map(entities.map((e) => [e.entity.name, e]));
  const primary = byName.get(record.entity);
  if (!primary) throw new AppError(404, "not_found", "Record not found.");
  const filled = new Set<string>();
  const queue: Array<[string, string]> = [[record.entity, record.id]];
  let first = true;
  while (queue.length > 0) {
    const [entity, id] = queue.shift() as [string, string];
    const ev = byName.get(entity);
    if (!ev || filled.has(entity)) continue;
    filled.add(entity);
    const loaded = await loadRecordValues(db, actor, ev, id);
    if (!loaded) {
      if (first) throw new AppError(404, "not_found", "Record not found.");
      continue;
    }
    values[ev.namespace] = loaded.values;
    for (const h of loaded.hidden) hidden.add(`${ev.namespace}.${h}`);
    const lang = (loaded.values as { language?: unknown }).language;
    if (!language && typeof lang === "string" && lang) language = lang;
    // One level of related records: the primary record's links only.
    if (first) queue.push(...loaded.links);
    first = false;
  }
  return { values, hidden, language, entities };
}

/** Renders a checked source; refuses (422 `template_field_hidden`) when it reads a field hidden from the actor. */
export async function renderMessage(
  source: MessageSource,
  ctx: { values: Record<string, unknown>; hidden: ReadonlySet<string> },
  opts: { language: string; timeZone?: string },
): Promise<RenderedMessage> {
  const used = [
    ...(source.kind === "email" ? variablesOf(source.subject ?? "").map((v) => ["subject", v] as const) : []),
    ...variablesOf(source.body).map((v) => ["body", v] as const),
  ];
  const leaks = used.filter(
    ([, v]) => ctx.hidden.has(v) || [...ctx.hidden].some((h) => v.startsWith(`${h}.`)),
  );
  if (leaks.length > 0) {
    throw new TemplateFieldHiddenError(
      leaks.map(([field, v]) => ({ field, message: `Hidden field: ${v}`, code: "template_field_hidden" })),
    );
  }
  const o = { language: opts.language, ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) };
  if (source.kind === "sms") {
    const text = await renderSource("body", source.body, ctx.values, { ...o, html: false });
    return { kind: "sms", language: opts.language, subject: null, html: null, text: text.trim() };
  }
  const subject = await renderSource("subject", source.subject ?? "", ctx.values, { ...o, html: false });
  const html = sanitizeEmailHtml(await renderSource("body", source.body, ctx.values, { ...o, html: true }));
  return {
    kind: "email",
    language: opts.language,
    subject: subject.replace(/[\r\n]+/g, " ").trim(),
    html,
    text: htmlToText(html),
  };
}

export { namespaceOf };
