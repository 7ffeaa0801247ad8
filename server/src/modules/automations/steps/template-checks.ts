import { AppError } from "../../../platform/errors.js";
import { variablesOf } from "../../../platform/templates/engine.js";
import { namespaceOf } from "../../../platform/templates/variables.js";
import type { ValidationContext } from "../validate.js";
import { PermanentStepError } from "./registry.js";

/**
 * Save-time checks of a template step: the template exists and the owner may use it (own or shared), it is of
 * the step's kind, and its variables name only the rule's record, its linked records and the user.
 */
export async function checkTemplate(
  kind: "email" | "sms",
  templateId: string,
  ctx: ValidationContext,
  path: string,
) {
  const row = await ctx.db
    .selectFrom("message_templates")
    .select(["kind", "variants"])
    .where("id", "=", templateId)
    .where("deleted_at", "is", null)
    .where((eb) => eb.or([eb("shared", "=", true), eb("owner_id", "=", ctx.owner.userId)]))
    .executeTakeFirst();
  const field = `${path}.templateId`;
  if (!row) {
    ctx.errors.push({ field, message: "No such template you may use.", code: "unknown_template" });
    return;
  }
  if (row.kind !== kind) {
    ctx.errors.push({ field, message: `This is not an ${kind} template.`, code: "template_kind_mismatch" });
    return;
  }
  const allowed = new Set(["user", namespaceOf(ctx.entity.name)]);
  for (const f of ctx.fields) if (f.type === "link" && f.linkEntity) allowed.add(namespaceOf(f.linkEntity));
  const variants = (row.variants ?? {}) as Record<
    string,
    { subject?: string | null; body: string } | undefined
  >;
  const bad = new Set<string>();
  for (const v of Object.values(variants)) {
    if (!v) continue;
    for (const name of [...variablesOf(v.subject ?? ""), ...variablesOf(v.body)]) {
      if (!allowed.has(name.split(".")[0] ?? "")) bad.add(name);
    }
  }
  for (const name of bad) {
    ctx.errors.push({
      field,
      message: `The template uses {{${name}}}, which these records do not have.`,
      code: "unknown_variable",
    });
  }
}

/** A refusal of another module (4xx AppError) becomes a failed step with its code and reason; no retry helps. */
export async function permanent<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && e.status < 500) throw new PermanentStepError(e.code, e.message);
    throw e;
  }
}
