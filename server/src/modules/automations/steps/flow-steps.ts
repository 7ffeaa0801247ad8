import { addDuration, nextBusinessMoment } from "../../../platform/calendar/business-time.js";
import { loadBusinessCalendar } from "../../../platform/calendar/calendar.js";
import type { LeafStep } from "../schemas.js";
import { checkReadable } from "../validate.js";
import { PermanentStepError, registerStepKind, type StepContext } from "./registry.js";

type S<T extends LeafStep["type"]> = Extract<LeafStep, { type: T }>;

async function wakeAt(step: S<"wait">, ctx: StepContext, now: Date): Promise<Date> {
  const w = step.wait;
  switch (w.mode) {
    case "duration":
      return addDuration(
        now,
        w.duration.amount,
        w.duration.unit,
        ctx.ownerTimeZone,
        await loadBusinessCalendar(ctx.trx),
      );
    case "businessHours":
      return nextBusinessMoment(now, ctx.ownerTimeZone, await loadBusinessCalendar(ctx.trx));
    case "untilField": {
      const v = ctx.record?.[w.field];
      if (v === null || v === undefined)
        throw new PermanentStepError("date_missing", `The record has no ${w.field}.`);
      const at = new Date(String(v));
      if (Number.isNaN(at.getTime()))
        throw new PermanentStepError("date_missing", `The record has no ${w.field}.`);
      return new Date(at.getTime() + w.offsetMinutes * 60_000);
    }
  }
}

registerStepKind({
  type: "wait",
  validate(step: S<"wait">, ctx, path) {
    if (step.wait.mode === "untilField") {
      const f = checkReadable(ctx, step.wait.field, `${path}.wait.field`);
      if (f && f.type !== "date" && f.type !== "dateTime") {
        ctx.errors.push({
          field: `${path}.wait.field`,
          message: "Pick a date field.",
          code: "not_a_date_field",
        });
      }
    }
  },
  async run(step, ctx) {
    const at = await wakeAt(step, ctx, new Date());
    return { output: { until: at.toISOString() }, wait: at };
  },
  async preview(step, ctx) {
    return { wouldDo: `Wait until ${(await wakeAt(step, ctx, new Date())).toISOString()}` };
  },
});

registerStepKind({
  type: "startRule",
  async validate(step: S<"startRule">, ctx, path) {
    const r = await ctx.db
      .selectFrom("automation_rules")
      .select(["entity"])
      .where("id", "=", step.ruleId)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (!r) ctx.errors.push({ field: `${path}.ruleId`, message: "No such rule.", code: "unknown_rule" });
    else if (r.entity !== ctx.entity.name) {
      ctx.errors.push({
        field: `${path}.ruleId`,
        message: "The rule works on another entity.",
        code: "rule_entity_mismatch",
      });
    }
  },
  // The engine handles the start itself (it creates the child run in the same transaction); see engine.ts and chain.ts.
  async run() {
    throw new Error("startRule is run by the engine");
  },
  async preview(step) {
    return { wouldDo: "Start another rule with this run's outcome", detail: { ruleId: step.ruleId } };
  },
});
