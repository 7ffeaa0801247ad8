import { AppError } from "../../../platform/errors.js";
import { checkWebhookUrl, deliverSigned } from "../../webhooks/module.js";
import type { LeafStep } from "../schemas.js";
import { render } from "../variables.js";
import { PermanentStepError, registerStepKind, type StepContext } from "./registry.js";

type S = Extract<LeafStep, { type: "callWebhook" }>;

function body(step: S, ctx: StepContext): string {
  if (step.body) return render(step.body, ctx.vars, { json: true });
  const { rule, run, record, trigger, hook, previous } = ctx.vars;
  return JSON.stringify({ rule, run, record, trigger, hook, previous });
}

/**
 * Calls a URL with the run's data, signed per Standard Webhooks with the rule's secret (the webhooks module's
 * `deliverSigned`: SSRF guard, pinned address, no redirects, timeout, size cap). The message id is the run and
 * step, the same across retries, so a receiver can drop a repeat. 5xx, 429 and network errors are retried by
 * the run's back-off; other answers fail the run.
 */
registerStepKind({
  type: "callWebhook",
  external: true,
  async validate(step: S, ctx, path) {
    ctx.text(step.body, `${path}.body`);
    try {
      await checkWebhookUrl({ config: { outboundAllowHosts: ctx.outboundAllowHosts } } as never, step.url);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      ctx.errors.push({ field: `${path}.url`, message: e.message, code: e.code });
    }
    if (step.body && !/^\s*[[{]/.test(step.body)) {
      ctx.errors.push({
        field: `${path}.body`,
        message: "The body is a JSON template.",
        code: "invalid_body",
      });
    }
  },
  async run(step, ctx) {
    const payload = body(step, ctx);
    try {
      JSON.parse(payload);
    } catch {
      throw new PermanentStepError("invalid_body", "The rendered body is not JSON.");
    }
    const res = await deliverSigned(ctx.deps, {
      url: step.url,
      secret: await ruleSecret(ctx),
      body: payload,
      msgId: `msg_${ctx.run.id}_${step.id}`,
      headers: { "x-tandem-rule": ctx.rule.id },
    });
    const output = { status: res.status, durationMs: res.durationMs, body: res.responseBody.slice(0, 2000) };
    if (res.ok) return { output };
    if (res.status !== null && res.status < 500 && res.status !== 429) {
      throw new PermanentStepError("webhook_refused", `The webhook answered ${res.status}.`);
    }
    if (res.error?.startsWith("unsafe_destination"))
      throw new PermanentStepError("unsafe_destination", res.error);
    throw new Error(res.error ?? `The webhook answered ${res.status}.`);
  },
  async preview(step, ctx) {
    return { wouldDo: `${step.method} ${step.url}`, detail: { body: body(step, ctx) } };
  },
});

async function ruleSecret(ctx: StepContext): Promise<string | null> {
  const row = await ctx.trx
    .selectFrom("automation_rules")
    .select("hook_secret")
    .where("id", "=", ctx.rule.id)
    .executeTakeFirst();
  return row?.hook_secret ? ctx.deps.secrets.open(row.hook_secret) : null;
}
