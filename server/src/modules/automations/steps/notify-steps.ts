import { createNotification } from "../../notifications/module.js";
import type { LeafStep } from "../schemas.js";
import { render } from "../variables.js";
import { resolveRecipient } from "./people.js";
import { registerStepKind } from "./registry.js";

type S<T extends LeafStep["type"]> = Extract<LeafStep, { type: T }>;

registerStepKind({
  type: "notify",
  async validate(step: S<"notify">, ctx, path) {
    ctx.text(step.message, `${path}.message`);
    for (const [i, r] of step.recipients.entries()) {
      if (r.kind === "user") {
        const u = await ctx.db
          .selectFrom("users")
          .select("is_active")
          .where("id", "=", r.userId)
          .executeTakeFirst();
        if (!u?.is_active)
          ctx.errors.push({
            field: `${path}.recipients.${i}.userId`,
            message: "No such active user.",
            code: "unknown_user",
          });
      }
    }
  },
  async run(step, ctx) {
    const message = render(step.message, ctx.vars).slice(0, 1000);
    const users = new Set<string>();
    for (const r of step.recipients) {
      const id = await resolveRecipient(ctx, r);
      if (id) users.add(id);
    }
    const sent: string[] = [];
    for (const userId of users) {
      const id = await createNotification(ctx.trx, ctx.deps.jobs, {
        userId,
        kind: "automation.notify",
        titleKey: "automation.notify",
        params: { rule: ctx.rule.name, message },
        entity: ctx.recordId ? ctx.entity.name : null,
        entityId: ctx.recordId,
        // One notification per run, step and person: a retried step does not notify twice.
        dedupeKey: `automation:${ctx.run.id}:${step.id}:${userId}`,
      });
      if (id) sent.push(userId);
    }
    return { output: { notified: sent } };
  },
  async preview(step, ctx) {
    const users: string[] = [];
    for (const r of step.recipients) {
      const id = await resolveRecipient(ctx, r);
      if (id) users.push(id);
    }
    return {
      wouldDo: `Notify ${users.length} user(s): «${render(step.message, ctx.vars)}»`,
      detail: { users },
    };
  },
});
