import type { RequestContext } from "../../platform/access/actor.js";
import { AppError, NotFoundError } from "../../platform/errors.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { SafeHtml, type VariableSchema } from "../../platform/templates/engine.js";
import { isTemplateLanguage, type TemplateLanguage } from "../../platform/templates/locale.js";
import {
  checkMessage,
  htmlToText,
  type MessageKind,
  type MessageSource,
  recordContext,
  renderMessage,
  sanitizeEmailHtml,
} from "../../platform/templates/render.js";
import { entityVariables, variableSchema } from "../../platform/templates/variables.js";
import {
  type Db,
  defaultSignature,
  findVisible,
  type TemplateRow,
  userRow,
  type Variants,
} from "./repository.js";

/** Variables about the sending user (`{{ user.firstName }}`). */
export const USER_VARIABLES = [
  "firstName",
  "lastName",
  "name",
  "email",
  "phone",
  "position",
  "signature",
] as const;

export async function templateSchema(db: Db): Promise<VariableSchema> {
  return variableSchema(await entityVariables(db, entityCatalog()), { user: USER_VARIABLES });
}

/** Checks every language variant; errors name the field `variants.<lang>.subject|body` with line and column. */
export function checkVariants(kind: MessageKind, variants: Variants, schema: VariableSchema): void {
  const errors = [];
  for (const [lang, v] of Object.entries(variants)) {
    if (!v) continue;
    try {
      checkMessage({ kind, subject: v.subject ?? "", body: v.body }, schema, `variants.${lang}.`);
    } catch (e) {
      if (e instanceof AppError && e.errors) errors.push(...e.errors);
      else throw e;
    }
  }
  if (errors.length > 0) checkFail(errors);
}

function checkFail(errors: NonNullable<AppError["errors"]>): never {
  throw new AppError(422, "template_invalid", errors[0]?.message ?? "The template is invalid.", errors);
}

export async function userValues(db: Db, userId: string, signatureHtml?: string | null) {
  const u = await userRow(db, userId);
  const [first, ...rest] = (u?.name ?? "").trim().split(/\s+/);
  const sig = signatureHtml ?? (await defaultSignature(db, userId));
  const html = sig ? sanitizeEmailHtml(sig) : "";
  return {
    values: {
      firstName: first ?? "",
      lastName: rest.join(" "),
      name: u?.name ?? "",
      email: u?.email ?? "",
      phone: u?.phone ?? null,
      position: u?.position ?? null,
      signature: new SafeHtml(html, htmlToText(html)),
    },
    language: u?.language ?? "en",
    timeZone: u?.time_zone ?? "UTC",
  };
}

/** The variant in `language`, else the template's default language, else English, else any. */
export function chooseVariant(
  row: { variants: unknown; default_language: string },
  language: string | null,
): { language: TemplateLanguage; subject: string | null; body: string } {
  const variants = row.variants as Variants;
  const base = language?.split("-")[0] ?? null;
  const order = [base, row.default_language, "en", ...Object.keys(variants)];
  for (const l of order) {
    const v = l ? variants[l] : undefined;
    if (l && v && isTemplateLanguage(l)) return { language: l, subject: v.subject ?? null, body: v.body };
  }
  throw new NotFoundError("Template variant");
}

export interface RenderInput {
  /** A stored template the actor may see (their personal ones and shared ones). */
  templateId?: string | undefined;
  /** Or an ad-hoc source, checked like a saved template. */
  source?: MessageSource | undefined;
  /** The record whose fields fill the variables (read in the actor's scope; hidden fields refused). */
  record?: { entity: string; id: string } | undefined;
  /** en|ru|sr|kk; default: the record's (or its contact's) language, then the user's. */
  language?: string | undefined;
  /** The kind the caller sends; a template of the other kind is 422 `template_kind_mismatch`. */
  kind?: MessageKind | undefined;
  /** The signature to use instead of the user's default one (a mailbox's own signature). */
  signatureHtml?: string | null | undefined;
}

export interface RenderedTemplate {
  kind: MessageKind;
  language: string;
  subject: string | null;
  html: string | null;
  text: string;
  templateId: string | null;
}

/**
 * Renders a template (or a source) for the acting user against a record. The one renderer every module uses
 * (conversations, SMS, automation, service desk, campaigns); see /work/notes/templates-api.md.
 */
export async function renderTemplate(
  db: Db,
  ctx: RequestContext,
  input: RenderInput,
): Promise<RenderedTemplate> {
  let row: TemplateRow | null = null;
  if (input.templateId) {
    row = await findVisible(db, ctx.actor, input.templateId);
    if (!row) throw new NotFoundError("Template");
  } else if (!input.source) {
    throw new AppError(422, "template_missing", "Give a template or a source.");
  }
  const kind = (row?.kind ?? input.source?.kind) as MessageKind;
  if (input.kind && input.kind !== kind) {
    throw new AppError(422, "template_kind_mismatch", `This is not an ${input.kind} template.`);
  }
  const [rc, user, schema] = await Promise.all([
    recordContext(db, ctx.actor, entityCatalog(), input.record ?? null),
    userValues(db, ctx.actor.userId, input.signatureHtml),
    templateSchema(db),
  ]);
  const language = input.language ?? rc.language ?? user.language;
  let source: MessageSource;
  let chosen = isTemplateLanguage(language) ? language : "en";
  if (row) {
    const v = chooseVariant(row, language);
    chosen = v.language;
    source = { kind, subject: v.subject, body: v.body };
  } else {
    source = input.source as MessageSource;
  }
  // A stored template may predate a field's removal: check again, so a stale variable is a clear error.
  checkMessage(source, schema);
  const out = await renderMessage(
    source,
    { values: { ...rc.values, user: user.values }, hidden: rc.hidden },
    { language: chosen, timeZone: user.timeZone },
  );
  return { ...out, templateId: row?.id ?? null };
}
