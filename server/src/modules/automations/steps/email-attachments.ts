import { textDocumentPdf } from "../../../platform/documents/pdf.js";
import { AppError } from "../../../platform/errors.js";
import { safeName } from "../../../platform/files/storage.js";
import { listRecordFiles, readableFile } from "../../files/module.js";
import { renderTemplate } from "../../templates/module.js";
import type { LeafStep } from "../schemas.js";
import type { ValidationContext } from "../validate.js";
import { PermanentStepError, type StepContext } from "./registry.js";
import { checkTemplate, permanent } from "./template-checks.js";

type SendEmail = Extract<LeafStep, { type: "sendEmail" }>;

/** The most files one letter carries (the compose screen's limit). */
const MAX_FILES = 20;

/**
 * Save-time checks of an email step's attachments: only letters from a mailbox carry them; a stored file must be
 * one the rule's owner may read now; "the record's files" needs an entity whose records have files.
 */
export async function checkAttachments(step: SendEmail, ctx: ValidationContext, path: string) {
  if (!step.attachments?.length) return;
  if (!step.mailboxId) {
    ctx.errors.push({
      field: `${path}.attachments`,
      message: "Only letters sent from a mailbox carry attachments.",
      code: "attachments_need_mailbox",
    });
    return;
  }
  const request = { actor: ctx.owner, requestId: "automation-save", ip: null, userAgent: null };
  for (const [i, a] of step.attachments.entries()) {
    if (a.kind === "document") {
      await checkTemplate("email", a.templateId, ctx, `${path}.attachments.${i}`);
    } else if (a.kind === "file") {
      if (!(await readableFile(ctx.db, request, a.fileId)))
        ctx.errors.push({
          field: `${path}.attachments.${i}.fileId`,
          message: "No file with this id that the rule's owner may read.",
          code: "file_not_found",
        });
    } else if (!ctx.entity.capabilities.files) {
      ctx.errors.push({
        field: `${path}.attachments.${i}.kind`,
        message: "These records have no files.",
        code: "files_not_available",
      });
    }
  }
}

/**
 * The files to send, as the owner sees them when the step runs: a stored file the owner can no longer read fails
 * the step (nothing is sent); the record's files are those it has now (matching `nameContains`).
 */
export async function attachmentFiles(step: SendEmail, ctx: StepContext) {
  const files: { id: string; name: string }[] = [];
  for (const a of step.attachments ?? []) {
    if (a.kind === "document") continue;
    if (a.kind === "file") {
      const file = await readableFile(ctx.trx, ctx.request, a.fileId);
      if (!file)
        throw new PermanentStepError(
          "attachment_not_readable",
          "The rule's owner may not read an attached file (or it was removed).",
        );
      files.push({ id: file.id, name: file.name });
      continue;
    }
    if (!ctx.recordId) continue;
    try {
      const { items } = await listRecordFiles(ctx.trx, ctx.request, {
        entity: ctx.entity.name,
        id: ctx.recordId,
      });
      const needle = a.nameContains?.toLocaleLowerCase();
      for (const f of items)
        if (!needle || f.name.toLocaleLowerCase().includes(needle)) files.push({ id: f.id, name: f.name });
    } catch (e) {
      if (e instanceof AppError && e.status === 404)
        throw new PermanentStepError(
          "attachment_not_readable",
          "The rule's owner may not read the record's files.",
        );
      throw e;
    }
  }
  const unique = [...new Map(files.map((f) => [f.id, f])).values()];
  const documents = step.attachments?.filter((a) => a.kind === "document").length ?? 0;
  if (unique.length + documents > MAX_FILES)
    throw new PermanentStepError("too_many_attachments", `A letter carries at most ${MAX_FILES} files.`);
  return unique;
}

/**
 * The documents generated for the letter: each "document" attachment's email template rendered for the record
 * as the owner in the recipient's language (hidden fields refused as at send), made a PDF titled and named by
 * its subject. Nothing is stored here: the send path keeps the bytes with the letter.
 */
export async function generatedDocuments(step: SendEmail, ctx: StepContext, language: string | undefined) {
  const out: { name: string; bytes: Buffer }[] = [];
  for (const a of step.attachments ?? []) {
    if (a.kind !== "document") continue;
    const rendered = await permanent(() =>
      renderTemplate(ctx.trx, ctx.request, {
        templateId: a.templateId,
        record: ctx.recordId ? { entity: ctx.entity.name, id: ctx.recordId } : undefined,
        language,
        kind: "email",
      }),
    );
    const title = (rendered.subject ?? "").trim() || "Document";
    out.push({
      name: `${safeName(title.replace(/[\\/]/g, "-"))
        .replace(/\.pdf$/i, "")
        .slice(0, 150)}.pdf`,
      bytes: await textDocumentPdf({ title, text: rendered.text, language: rendered.language }),
    });
  }
  return out;
}
