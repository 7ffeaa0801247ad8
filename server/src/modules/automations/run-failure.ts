import { AppError } from "../../platform/errors.js";
import type { AppDeps } from "../../platform/http/types.js";
import { createNotification } from "../notifications/module.js";
import { finish, logStep, type Outcome } from "./run-state.js";
import { RUN_JOB } from "./runs.js";
import { PermanentStepError } from "./steps/registry.js";

/** Attempts of a failing step before the run fails; the back-off doubles from `RETRY_BASE_MS`. */
export const MAX_ATTEMPTS = 5;
export const RETRY_BASE_MS = 5_000;

/** A step threw; carries what the failure's log row needs out of the rolled-back transaction. */
export class StepFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly stepId: string,
    readonly stepType: string,
    readonly startedAt: Date,
  ) {
    super((error as Error)?.message ?? String(error));
  }
}

function isPermanent(e: unknown): boolean {
  if (e instanceof PermanentStepError) return true;
  return e instanceof AppError && e.status >= 400 && e.status < 500;
}
function codeOf(e: unknown): string {
  if (e instanceof PermanentStepError || e instanceof AppError) return e.code;
  return "step_error";
}

/**
 * A step threw: its transaction rolled back (nothing it wrote stays). The attempt is logged; a transient error is
 * retried with back-off (a delayed job), a permanent one or the last attempt fails the run and tells the owner.
 */
export async function handleFailure(deps: AppDeps, runId: string, f: StepFailure): Promise<Outcome> {
  const message = (f.error as Error)?.message?.slice(0, 2000) ?? String(f.error);
  return deps.db.transaction().execute(async (trx) => {
    const run = await trx
      .selectFrom("automation_runs as a")
      .innerJoin("automation_rules as r", "r.id", "a.rule_id")
      .select(["a.attempts", "a.entity", "a.record_id", "r.owner_id", "r.name"])
      .where("a.id", "=", runId)
      .forUpdate("a")
      .executeTakeFirstOrThrow();
    const attempt = run.attempts + 1;
    await logStep(
      trx,
      runId,
      { id: f.stepId, type: f.stepType },
      "failed",
      f.startedAt,
      null,
      null,
      attempt,
      message,
    );
    if (!isPermanent(f.error) && attempt < MAX_ATTEMPTS) {
      await trx
        .updateTable("automation_runs")
        .set({ attempts: attempt, error: message })
        .where("id", "=", runId)
        .execute();
      const delay = RETRY_BASE_MS * 2 ** (attempt - 1);
      await deps.jobs.sendWith(trx, RUN_JOB, { runId }, { startAfter: new Date(Date.now() + delay) });
      return { status: "retrying" };
    }
    await finish(trx, runId, "failed", codeOf(f.error), message);
    await createNotification(trx, deps.jobs, {
      userId: run.owner_id,
      kind: "automation.failed",
      titleKey: "automation.failed",
      params: { rule: run.name, error: message.slice(0, 300) },
      entity: run.record_id ? run.entity : null,
      entityId: run.record_id,
      dedupeKey: `automation.failed:${runId}`,
    });
    return { status: "failed" };
  });
}
