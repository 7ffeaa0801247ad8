import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { hasAdminPermission } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError, ForbiddenError, NotFoundError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { enqueueMail } from "../../platform/mail/queue.js";
import { checkVariants, renderTemplate, templateSchema } from "./render.js";
import {
  type Db,
  findVisible,
  insertTemplate,
  listVisible,
  softDelete,
  type TemplateRow,
  updateTemplateRow,
  userRow,
  type Variants,
} from "./repository.js";
import type { CreateTemplateInput, UpdateTemplateInput } from "./schemas.js";

type Trx = Transaction<DB>;
/** Shared templates are created and changed by holders of this admin permission. */
export const SHARED_TEMPLATES_PERMISSION = "templates.manage";

const changeCtx = (ctx: RequestContext) => ({ actorId: ctx.actor.userId, requestId: ctx.requestId });
const canManageShared = (ctx: RequestContext) => hasAdminPermission(ctx.actor, SHARED_TEMPLATES_PERMISSION);
const canEdit = (ctx: RequestContext, r: TemplateRow) =>
  !ctx.actor.readOnly && (r.shared ? canManageShared(ctx) : r.owner_id === ctx.actor.userId);

export function presentTemplate(ctx: RequestContext, r: TemplateRow) {
  return {
    id: r.id,
    kind: r.kind as "email" | "sms",
    name: r.name,
    entity: r.entity,
    shared: r.shared,
    ownerId: r.owner_id,
    defaultLanguage: r.default_language as "en",
    variants: r.variants as Variants as Record<"en", { subject?: string | null; body: string }>,
    canEdit: canEdit(ctx, r),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function normalizeVariants(kind: "email" | "sms", variants: Variants): Variants {
  const out: Variants = {};
  for (const [lang, v] of Object.entries(variants)) {
    if (!v) continue;
    out[lang] = kind === "email" ? { subject: v.subject ?? "", body: v.body } : { body: v.body };
  }
  return out;
}

export async function listTemplates(db: Db, ctx: RequestContext, kind?: "email" | "sms") {
  return (await listVisible(db, ctx.actor, kind)).map((r) => presentTemplate(ctx, r));
}

export async function getTemplate(db: Db, ctx: RequestContext, id: string) {
  const r = await findVisible(db, ctx.actor, id);
  if (!r) throw new NotFoundError("Template");
  return presentTemplate(ctx, r);
}

export async function createTemplate(trx: Trx, ctx: RequestContext, input: CreateTemplateInput) {
  if (ctx.actor.readOnly) throw new ForbiddenError("permission_denied", "This token is read-only.");
  if (input.shared && !canManageShared(ctx)) {
    throw new ForbiddenError("template_share_denied", "Your role may not create shared templates.");
  }
  const variants = normalizeVariants(input.kind, input.variants as Variants);
  if (!variants[input.defaultLanguage]) {
    throw new AppError(422, "validation_failed", "The default language has no text.", [
      {
        field: "defaultLanguage",
        message: "Add a variant in the default language.",
        code: "template_no_default",
      },
    ]);
  }
  checkVariants(input.kind, variants, await templateSchema(trx));
  const row = await insertTemplate(trx, {
    kind: input.kind,
    name: input.name,
    entity: input.entity ?? null,
    shared: input.shared,
    ownerId: ctx.actor.userId,
    defaultLanguage: input.defaultLanguage,
    variants,
  });
  await recordChange(trx, changeCtx(ctx), [
    {
      entity: "message-templates",
      entityId: row.id,
      action: "create",
      changes: {
        name: { before: null, after: row.name },
        kind: { before: null, after: input.kind },
        shared: { before: null, after: row.shared },
        languages: { before: null, after: Object.keys(variants) },
      },
    },
  ]);
  return presentTemplate(ctx, row);
}

async function editable(trx: Trx, ctx: RequestContext, id: string): Promise<TemplateRow> {
  const r = await findVisible(trx, ctx.actor, id, true);
  if (!r) throw new NotFoundError("Template");
  if (!canEdit(ctx, r)) throw new ForbiddenError("template_edit_denied", "You may not change this template.");
  return r;
}

export async function updateTemplate(trx: Trx, ctx: RequestContext, id: string, input: UpdateTemplateInput) {
  const r = await editable(trx, ctx, id);
  if (input.shared === true && !r.shared && !canManageShared(ctx)) {
    throw new ForbiddenError("template_share_denied", "Your role may not share templates.");
  }
  const kind = r.kind as "email" | "sms";
  const variants = input.variants
    ? normalizeVariants(kind, input.variants as Variants)
    : (r.variants as Variants);
  const defaultLanguage = input.defaultLanguage ?? r.default_language;
  if (!variants[defaultLanguage]) {
    throw new AppError(422, "validation_failed", "The default language has no text.", [
      {
        field: "defaultLanguage",
        message: "Add a variant in the default language.",
        code: "template_no_default",
      },
    ]);
  }
  if (input.variants) checkVariants(kind, variants, await templateSchema(trx));
  const next = await updateTemplateRow(trx, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.entity !== undefined ? { entity: input.entity } : {}),
    ...(input.shared !== undefined ? { shared: input.shared } : {}),
    ...(input.defaultLanguage !== undefined ? { defaultLanguage: input.defaultLanguage } : {}),
    ...(input.variants ? { variants } : {}),
  });
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  if (next.name !== r.name) changes.name = { before: r.name, after: next.name };
  if (next.shared !== r.shared) changes.shared = { before: r.shared, after: next.shared };
  if (next.default_language !== r.default_language) {
    changes.defaultLanguage = { before: r.default_language, after: next.default_language };
  }
  if (input.variants) {
    changes.languages = { before: Object.keys(r.variants as Variants), after: Object.keys(variants) };
  }
  await recordChange(trx, changeCtx(ctx), [
    { entity: "message-templates", entityId: id, action: "update", changes: changes as never },
  ]);
  return presentTemplate(ctx, next);
}

export async function deleteTemplate(trx: Trx, ctx: RequestContext, id: string): Promise<void> {
  const r = await editable(trx, ctx, id);
  await softDelete(trx, id);
  await recordChange(trx, changeCtx(ctx), [
    { entity: "message-templates", entityId: id, action: "delete", changes: { name: r.name } },
  ]);
}

type PreviewInput = {
  recordType?: string | undefined;
  recordId?: string | undefined;
  language?: string | undefined;
};

function recordOf(input: PreviewInput) {
  if (!input.recordType !== !input.recordId) {
    throw new AppError(422, "validation_failed", "Give both the record type and the record.", [
      {
        field: input.recordType ? "recordId" : "recordType",
        message: "Required with the other.",
        code: "required",
      },
    ]);
  }
  return input.recordType && input.recordId ? { entity: input.recordType, id: input.recordId } : undefined;
}

export async function previewTemplate(db: Db, ctx: RequestContext, id: string, input: PreviewInput) {
  return renderTemplate(db, ctx, { templateId: id, record: recordOf(input), language: input.language });
}

/** Renders an email template against a record and queues it to the user's own address (`platform/mail`). */
export async function testSend(
  trx: Trx,
  jobs: JobQueue,
  ctx: RequestContext,
  id: string,
  input: PreviewInput,
) {
  const out = await renderTemplate(trx, ctx, {
    templateId: id,
    record: recordOf(input),
    language: input.language,
  });
  const me = await userRow(trx, ctx.actor.userId);
  if (!me) throw new NotFoundError("User");
  const text = out.kind === "sms" ? out.text : out.text;
  const subject = out.kind === "email" ? (out.subject ?? "") : `SMS template test (${out.language})`;
  const html = out.html ?? `<pre>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</pre>`;
  await enqueueMail(jobs, trx, { to: me.email, rendered: { subject, text, html } });
  return { to: me.email, ...out };
}
