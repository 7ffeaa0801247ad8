import { MAIL_JOB } from "../../../platform/mail/queue.js";
import { readableRecordIds } from "../../../platform/records/links.js";
import { maySendFrom, sendFromMailbox } from "../../conversations/module.js";
import { sendSms } from "../../sms/module.js";
import { renderTemplate } from "../../templates/module.js";
import type { LeafStep } from "../schemas.js";
import { attachmentFiles, checkAttachments, generatedDocuments } from "./email-attachments.js";
import { resolveRecipient } from "./people.js";
import { PermanentStepError, registerStepKind, type StepContext } from "./registry.js";
import { checkTemplate, permanent } from "./template-checks.js";

type S<T extends LeafStep["type"]> = Extract<LeafStep, { type: T }>;

/** The field that names the contact a message goes to: the record itself (contacts) or its contact link. */
function contactField(ctx: { entity: { name: string }; fields: { key: string; linkEntity?: string }[] }) {
  if (ctx.entity.name === "contacts") return "id";
  return ctx.fields.find((f) => f.linkEntity === "contacts")?.key ?? null;
}

function smsContact(ctx: StepContext): string {
  const key =
    ctx.entity.name === "contacts" ? null : contactField({ entity: ctx.entity, fields: ctx.entity.fields });
  const id = key ? ctx.record?.[key] : ctx.recordId;
  if (typeof id !== "string") throw new PermanentStepError("no_contact", "The record has no contact.");
  return id;
}

registerStepKind({
  type: "sendSms",
  async validate(step: S<"sendSms">, ctx, path) {
    if (!contactField(ctx)) {
      ctx.errors.push({
        field: `${path}.to`,
        message: "These records have no contact.",
        code: "no_contact_field",
      });
    }
    await checkTemplate("sms", step.templateId, ctx, path);
  },
  async run(step, ctx) {
    const contactId = smsContact(ctx);
    const m = await permanent(() =>
      sendSms(ctx.trx, ctx.deps.jobs, ctx.request, { contactId, templateId: step.templateId } as never),
    );
    return { output: { smsId: m.id, phone: m.phone, text: m.text } };
  },
  async preview(step, ctx) {
    const out = await permanent(() =>
      renderTemplate(ctx.trx, ctx.request, {
        templateId: step.templateId,
        record: { entity: "contacts", id: smsContact(ctx) },
        kind: "sms",
      }),
    );
    return { wouldDo: `Send SMS: «${out.text}»`, detail: { text: out.text, language: out.language } };
  },
});

interface EmailTarget {
  to: string;
  language?: string;
}

async function emailTarget(step: S<"sendEmail">, ctx: StepContext): Promise<EmailTarget> {
  if (step.to.kind !== "recordEmail") {
    const userId = await resolveRecipient(ctx, step.to);
    const u = userId
      ? await ctx.trx
          .selectFrom("users")
          .select(["email", "language", "is_active"])
          .where("id", "=", userId)
          .executeTakeFirst()
      : undefined;
    if (!u?.is_active || !u.email)
      throw new PermanentStepError("no_recipient", "No active user to write to.");
    return { to: u.email, language: u.language ?? "en" };
  }
  const contactId = smsContact(ctx);
  const readable = await readableRecordIds(ctx.trx, ctx.owner, "contacts", [contactId]);
  if (!readable.has(contactId))
    throw new PermanentStepError("no_contact", "The rule's owner cannot read the contact.");
  const c = await ctx.trx
    .selectFrom("contacts")
    .select(["emails"])
    .where("id", "=", contactId)
    .executeTakeFirst();
  const email = ((c?.emails ?? []) as { value?: string }[]).find((e) => typeof e.value === "string")?.value;
  if (!email) throw new PermanentStepError("no_email", "The contact has no email address.");
  return { to: email };
}

async function renderEmail(step: S<"sendEmail">, ctx: StepContext, target: EmailTarget) {
  return permanent(() =>
    renderTemplate(ctx.trx, ctx.request, {
      templateId: step.templateId,
      record: ctx.recordId ? { entity: ctx.entity.name, id: ctx.recordId } : undefined,
      language: target.language,
      kind: "email",
    }),
  );
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot" }[c]};`);

/**
 * Through the owner's mailbox (the conversations module's send path, as the owner): a queued letter on a thread
 * linked to the record, sent by its job over the mailbox's SMTP and filed in Sent — queued in the step's
 * transaction, so a retried step never sends twice.
 */
async function fromMailbox(
  step: S<"sendEmail"> & { mailboxId: string },
  ctx: StepContext,
  target: EmailTarget,
  out: Awaited<ReturnType<typeof renderEmail>>,
) {
  const links =
    ctx.entity.capabilities.linkable && ctx.recordId ? [{ entity: ctx.entity.name, id: ctx.recordId }] : [];
  const files = await attachmentFiles(step, ctx);
  const documents = await generatedDocuments(step, ctx, target.language ?? out.language);
  const sent = await permanent(() =>
    sendFromMailbox(ctx.trx, ctx.request, ctx.deps, {
      mailboxId: step.mailboxId,
      to: [{ address: target.to }],
      subject: out.subject ?? "",
      html: out.html ?? `<p>${escapeHtml(out.text).replace(/\n/g, "<br>")}</p>`,
      links,
      fileIds: files.map((f) => f.id),
      documents,
    }),
  );
  return {
    to: target.to,
    subject: out.subject,
    language: out.language,
    mailboxId: step.mailboxId,
    conversationId: sent.conversationId,
    messageId: sent.message.id,
    attachments: [...files, ...documents].map((f) => f.name),
  };
}

registerStepKind({
  type: "sendEmail",
  async validate(step: S<"sendEmail">, ctx, path) {
    if (step.to.kind === "recordEmail" && !contactField(ctx)) {
      ctx.errors.push({
        field: `${path}.to`,
        message: "These records have no contact.",
        code: "no_contact_field",
      });
    }
    await checkTemplate("email", step.templateId, ctx, path);
    if (step.mailboxId && !(await maySendFrom(ctx.db, ctx.owner, step.mailboxId))) {
      ctx.errors.push({
        field: `${path}.mailboxId`,
        message: "The rule's owner may not send from this mailbox.",
        code: "mailbox_not_found",
      });
    }
    await checkAttachments(step, ctx, path);
  },
  async run(step, ctx) {
    const target = await emailTarget(step, ctx);
    const out = await renderEmail(step, ctx, target);
    if (step.mailboxId)
      return { output: await fromMailbox({ ...step, mailboxId: step.mailboxId }, ctx, target, out) };
    // The system mailer's queue, in the step's transaction: the letter is queued only if the step commits, and
    // the singleton key (run, step) keeps a second job out while the first is queued.
    await ctx.deps.jobs.sendWith(
      ctx.trx,
      MAIL_JOB,
      { to: target.to, rendered: { subject: out.subject ?? "", text: out.text, html: out.html ?? "" } },
      { singletonKey: `automation:${ctx.run.id}:${step.id}` },
    );
    return { output: { to: target.to, subject: out.subject, language: out.language } };
  },
  async preview(step, ctx) {
    const target = await emailTarget(step, ctx);
    const out = await renderEmail(step, ctx, target);
    const files = step.mailboxId
      ? [...(await attachmentFiles(step, ctx)), ...(await generatedDocuments(step, ctx, out.language))]
      : [];
    return {
      wouldDo: `Send email to ${target.to}: «${out.subject ?? ""}»`,
      detail: {
        to: target.to,
        subject: out.subject,
        text: out.text,
        html: out.html,
        language: out.language,
        mailboxId: step.mailboxId ?? null,
        attachments: files.map((f) => f.name),
      },
    };
  },
});
