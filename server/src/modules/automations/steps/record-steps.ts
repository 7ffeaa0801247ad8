import { addDuration } from "../../../platform/calendar/business-time.js";
import { loadBusinessCalendar } from "../../../platform/calendar/calendar.js";
import { BUILTIN_TASK_TYPES, createTask } from "../../tasks/module.js";
import type { Assignee, Duration, LeafStep } from "../schemas.js";
import { checkWritable, type ValidationContext } from "../validate.js";
import { render, renderValue, variablesIn } from "../variables.js";
import { resolveAssignee } from "./people.js";
import { PermanentStepError, registerStepKind, type StepContext } from "./registry.js";

type S<T extends LeafStep["type"]> = Extract<LeafStep, { type: T }>;

function requireRecord(ctx: StepContext): string {
  if (!ctx.recordId || !ctx.record) {
    throw new PermanentStepError(
      "record_not_found",
      "The record is gone or the rule's owner may not see it.",
    );
  }
  return ctx.recordId;
}

/** Writes a patch through the entity's own service (its checks, events, side effects), as the owner. */
async function writePatch(ctx: StepContext, patch: Record<string, unknown>) {
  const writer = ctx.entity.writer;
  if (!writer) throw new PermanentStepError("not_writable", `Rules cannot change ${ctx.entity.name}.`);
  const id = requireRecord(ctx);
  const parsed = writer.patchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new PermanentStepError(
      "invalid_value",
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  }
  const data = parsed.data as Record<string, unknown>;
  const only = Object.fromEntries(Object.keys(patch).map((k) => [k, data[k]]));
  await writer.update(ctx.trx, ctx.request, ctx.deps.jobs, id, only);
  return only;
}

function requireWriter(ctx: ValidationContext, path: string) {
  if (!ctx.entity.writer) {
    ctx.errors.push({
      field: path,
      message: `Rules cannot change ${ctx.entity.name}.`,
      code: "step_not_available",
    });
  }
}

async function checkAssignee(ctx: ValidationContext, a: Assignee, path: string) {
  if (a.kind === "fixed") {
    const u = await ctx.db
      .selectFrom("users")
      .select("is_active")
      .where("id", "=", a.userId)
      .executeTakeFirst();
    if (!u?.is_active)
      ctx.errors.push({ field: `${path}.userId`, message: "No such active user.", code: "unknown_user" });
  }
  if (a.kind === "roundRobin" || a.kind === "leastOpenWork") {
    const t = await ctx.db.selectFrom("teams").select("id").where("id", "=", a.teamId).executeTakeFirst();
    if (!t) ctx.errors.push({ field: `${path}.teamId`, message: "No such team.", code: "unknown_team" });
  }
  if ((a.kind === "recordOwner" || a.kind === "ownerHead") && !ctx.entity.ownerColumn) {
    ctx.errors.push({ field: path, message: "These records have no owner.", code: "invalid_assignee" });
  }
}

async function dueAt(ctx: StepContext, due: Duration | undefined): Promise<string | null> {
  if (!due) return null;
  const calendar = await loadBusinessCalendar(ctx.trx);
  return addDuration(new Date(), due.amount, due.unit, ctx.ownerTimeZone, calendar).toISOString();
}

registerStepKind({
  type: "createTask",
  async validate(step: S<"createTask">, ctx, path) {
    ctx.text(step.title, `${path}.title`);
    ctx.text(step.description, `${path}.description`);
    await checkAssignee(ctx, step.assignee, `${path}.assignee`);
    if (step.taskType && !(BUILTIN_TASK_TYPES as readonly string[]).includes(step.taskType)) {
      const t = await ctx.db
        .selectFrom("task_types")
        .select("key")
        .where("key", "=", step.taskType)
        .executeTakeFirst();
      if (!t)
        ctx.errors.push({
          field: `${path}.taskType`,
          message: "Unknown task type.",
          code: "unknown_task_type",
        });
    }
  },
  async run(step, ctx) {
    const ownerId = await resolveAssignee(ctx, step.assignee, step.id);
    const linkable = ctx.entity.capabilities.linkable && ctx.recordId && ctx.record;
    const task = await createTask(ctx.trx, ctx.request, ctx.deps.jobs, {
      title: render(step.title, ctx.vars).slice(0, 500) || step.title.slice(0, 500),
      description: step.description ? render(step.description, ctx.vars) : "",
      type: step.taskType ?? "todo",
      priority: step.priority ?? "normal",
      ownerId,
      dueAt: await dueAt(ctx, step.due),
      // The owner's zone, read with the run (the service would read it again).
      timeZone: ctx.ownerTimeZone,
      ...(linkable ? { links: [{ entity: ctx.entity.name, id: ctx.recordId as string }] } : {}),
    });
    return { output: { taskId: task.id, ownerId, dueAt: task.dueAt ?? null } };
  },
  async preview(step, ctx) {
    const ownerId = await resolveAssignee(ctx, step.assignee, step.id, true);
    return {
      wouldDo: `Create the task «${render(step.title, ctx.vars)}»`,
      detail: { ownerId, dueAt: await dueAt(ctx, step.due) },
    };
  },
});

registerStepKind({
  type: "updateFields",
  validate(step: S<"updateFields">, ctx, path) {
    requireWriter(ctx, path);
    const entries = Object.entries(step.values);
    if (entries.length === 0)
      ctx.errors.push({ field: `${path}.values`, message: "Set at least one field.", code: "required" });
    const literal: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      checkWritable(ctx, key.startsWith("custom.") ? key : key, `${path}.values.${key}`);
      if (typeof value === "string" && variablesIn(value).length > 0) {
        ctx.text(value, `${path}.values.${key}`);
        const field = ctx.fields.find((f) => f.key === key);
        if (field) ctx.valueFor(value, field.type, `${path}.values.${key}`);
      } else literal[key] = value;
    }
    const parsed = ctx.entity.writer?.patchSchema.safeParse(literal);
    if (parsed && !parsed.success) {
      for (const i of parsed.error.issues) {
        ctx.errors.push({
          field: `${path}.values.${i.path.join(".")}`,
          message: i.message,
          code: "invalid_value",
        });
      }
    }
  },
  async run(step, ctx) {
    const patch = Object.fromEntries(
      Object.entries(step.values).map(([k, v]) => [k, renderValue(v, ctx.vars)]),
    );
    return { output: { set: await writePatch(ctx, patch) } };
  },
  async preview(step, ctx) {
    const patch = Object.fromEntries(
      Object.entries(step.values).map(([k, v]) => [k, renderValue(v, ctx.vars)]),
    );
    return { wouldDo: `Set ${Object.keys(patch).join(", ")}`, detail: patch };
  },
});

registerStepKind({
  type: "assign",
  async validate(step: S<"assign">, ctx, path) {
    requireWriter(ctx, path);
    if (!ctx.entity.ownerColumn)
      ctx.errors.push({ field: path, message: "These records have no owner.", code: "step_not_available" });
    else checkWritable(ctx, "ownerId", path);
    await checkAssignee(ctx, step.assignee, `${path}.assignee`);
  },
  async run(step, ctx) {
    const ownerId = await resolveAssignee(ctx, step.assignee, step.id);
    await writePatch(ctx, { ownerId });
    return { output: { ownerId } };
  },
  async preview(step, ctx) {
    const ownerId = await resolveAssignee(ctx, step.assignee, step.id, true);
    return { wouldDo: "Make another user responsible", detail: { ownerId } };
  },
});

function tagged(ctx: StepContext): string[] {
  const tags = ctx.record?.tags;
  return Array.isArray(tags) ? tags.map(String) : [];
}
for (const type of ["addTag", "removeTag"] as const) {
  registerStepKind({
    type: type as "addTag",
    validate(_step: S<"addTag">, ctx, path) {
      requireWriter(ctx, path);
      if (!ctx.entity.capabilities.tags)
        ctx.errors.push({ field: path, message: "These records have no tags.", code: "step_not_available" });
      else checkWritable(ctx, "tags", path);
    },
    async run(step, ctx) {
      requireRecord(ctx);
      const before = tagged(ctx);
      const lower = step.tag.toLowerCase();
      const tags =
        type === "addTag"
          ? before.some((t) => t.toLowerCase() === lower)
            ? before
            : [...before, step.tag]
          : before.filter((t) => t.toLowerCase() !== lower);
      if (tags.length !== before.length) await writePatch(ctx, { tags });
      return { output: { tags } };
    },
    async preview(step) {
      return { wouldDo: `${type === "addTag" ? "Add" : "Remove"} the tag «${step.tag}»` };
    },
  });
}

registerStepKind({
  type: "moveStage",
  async validate(step: S<"moveStage">, ctx, path) {
    requireWriter(ctx, path);
    if (!ctx.fields.some((f) => f.key === "stageId")) {
      ctx.errors.push({ field: path, message: "These records have no stages.", code: "step_not_available" });
      return;
    }
    checkWritable(ctx, "stageId", path);
    const s = await ctx.db
      .selectFrom("pipeline_stages")
      .select("kind")
      .where("id", "=", step.stageId)
      .executeTakeFirst();
    if (!s) ctx.errors.push({ field: `${path}.stageId`, message: "Unknown stage.", code: "stage_not_found" });
    else if (s.kind === "lost")
      ctx.errors.push({
        field: `${path}.stageId`,
        message: "A rule cannot move deals to a lost stage (it needs a reason).",
        code: "lost_reason_required",
      });
  },
  async run(step, ctx) {
    await writePatch(ctx, { stageId: step.stageId });
    return { output: { stageId: step.stageId } };
  },
  async preview(step) {
    return { wouldDo: "Move to another stage", detail: { stageId: step.stageId } };
  },
});
