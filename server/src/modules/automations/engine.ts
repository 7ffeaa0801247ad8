import { sql, type Transaction } from "kysely";
import { preparingTransactions } from "../../platform/db/prepared.js";
import type { DB } from "../../platform/db/schema.js";
import { cachingTransactions } from "../../platform/db/tx-cache.js";
import { type AutomationOrigin, runInRequestScope } from "../../platform/http/request-scope.js";
import type { AppDeps } from "../../platform/http/types.js";
import { actorFromRow } from "../../platform/records/actor.js";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { startChild } from "./chain.js";
import { conditionsHold } from "./records.js";
import { handleFailure, StepFailure } from "./run-failure.js";
import {
  finish,
  type LogRow,
  lockRun,
  lockRuns,
  next,
  normalize,
  type Outcome,
  type PassWrite,
  type Path,
  type RunContext,
  type RunRow,
  savePass,
  savePasses,
  stepsAt,
} from "./run-state.js";
import { RUN_JOB } from "./runs.js";
import type { Definition, Step } from "./schemas.js";
import { keepsRecord, passFacts, stepContext } from "./step-context.js";
import { stepKind } from "./steps/registry.js";

type Trx = Transaction<DB>;

/** Steps one pass may take before it commits and the next pass goes on (a run never holds its lock for long). */
const STEPS_PER_PASS = 50;

/**
 * Runs one run from its cursor until it finishes, waits or fails, in passes: a pass locks the run and takes
 * its steps one after another in one transaction — with their log rows and the cursor's move, committed
 * together — so a crash repeats only the steps of the pass in flight, whose writes rolled back with it. A step
 * that fails rolls back to the savepoint before it: the steps before it stay done, and the failure is retried
 * or fails the run. A step that calls out (`external`, e.g. a webhook) runs in a pass of its own, so nothing
 * else repeats with it. A run is locked while it runs, so two workers never run it at once.
 */
export async function executeRun(deps: AppDeps, runId: string, now = new Date()): Promise<Outcome> {
  for (let guard = 0; guard < 500; guard++) {
    let result: PassOutcome;
    try {
      // The pass's statements repeat for every run: sent prepared, PostgreSQL parses and plans each once per
      // connection (a failed step rolls back to its savepoint and is retried, so a stale plan costs one retry).
      result = await cachingTransactions(() =>
        preparingTransactions(() => deps.db.transaction().execute((trx) => runPass(trx, deps, runId, now))),
      );
    } catch (e) {
      if (e instanceof StepFailure) return handleFailure(deps, runId, e);
      throw e;
    }
    if (result.kind === "failure") return handleFailure(deps, runId, result.failure);
    if (result.kind === "continue") continue;
    return { status: result.kind };
  }
  return { status: "running" };
}

/** Runs taken in one transaction by `executeRuns` (each behind its own savepoint: PostgreSQL keeps 64
 * subtransactions per backend in shared memory, a pass of ≤10 runs of a few steps stays under it). */
export const RUNS_PER_BATCH = 10;

/**
 * Several runs' first passes in one transaction: one statement locks them all (`lockRuns`, SKIP LOCKED), each
 * run's pass goes behind a savepoint of its own, and one commit ends them — so begin, lock and commit and the
 * per-transaction caches (`txCache`: the owner's readable fields, custom-field definitions, pipelines) are paid
 * once per batch instead of once per run. A run whose pass fails (a step error, or anything else it threw) rolls
 * back to its savepoint alone: the others commit; after the commit its failure is logged and retried
 * (`handleFailure`), or — an error that was not a step's — it is executed again on its own (`executeRun`, which
 * throws as before). A crash (or a lost connection) mid-batch rolls back the whole transaction: no run of the
 * batch moved, their jobs are redelivered and each run starts again from the cursor it had — nothing twice.
 * Runs that have more passes to go continue alone after the commit — so does a run whose next step calls out
 * (`external`): that step never runs in a batch, where another run's crash would repeat it.
 */
export async function executeRuns(deps: AppDeps, runIds: string[], now = new Date()): Promise<Outcome[]> {
  const ids = [...new Set(runIds)];
  if (ids.length <= 1) return Promise.all(ids.map((id) => executeRun(deps, id, now)));
  const passes = await cachingTransactions(() =>
    preparingTransactions(() =>
      deps.db.transaction().execute(async (trx) => {
        const locked = await lockRuns(trx, ids);
        const out = new Map<string, PassOutcome | { kind: "error" }>();
        const writes: PassWrite[] = [];
        for (const id of ids) {
          const run = locked.get(id);
          if (!run) {
            out.set(id, { kind: "skipped" });
            continue;
          }
          await sql`savepoint automation_run`.execute(trx);
          const kept = writes.length;
          try {
            out.set(id, await passOf(trx, deps, run, now, writes));
          } catch (e) {
            // This run's writes go; the batch's other runs stay. (On a dead connection this throws: all roll back.)
            writes.length = kept;
            await sql`rollback to savepoint automation_run`.execute(trx);
            out.set(id, e instanceof StepFailure ? { kind: "failure", failure: e } : { kind: "error" });
          }
        }
        // Every pass's log rows and run row in one statement.
        await savePasses(trx, writes);
        return out;
      }),
    ),
  );
  const outcomes: Outcome[] = [];
  for (const id of ids) {
    const pass = passes.get(id) as PassOutcome | { kind: "error" };
    if (pass.kind === "failure") outcomes.push(await handleFailure(deps, id, pass.failure));
    else if (pass.kind === "continue" || pass.kind === "error")
      outcomes.push(await executeRun(deps, id, now));
    else outcomes.push({ status: pass.kind });
  }
  return outcomes;
}

type PassOutcome =
  | { kind: "continue" }
  | { kind: "failure"; failure: StepFailure }
  | { kind: "succeeded" | "waiting" | "stopped" | "cancelled" | "failed" | "skipped" };

async function runPass(trx: Trx, deps: AppDeps, runId: string, now: Date): Promise<PassOutcome> {
  const run = await lockRun(trx, runId);
  if (!run) return { kind: "skipped" };
  return passOf(trx, deps, run, now);
}

/** One pass of a run locked by this transaction (`lockRun`/`lockRuns`). */
async function passOf(
  trx: Trx,
  deps: AppDeps,
  run: RunRow,
  now: Date,
  /** In a batch: the pass's write is handed over (written with the batch's others at its end). */
  batch?: PassWrite[],
): Promise<PassOutcome> {
  const batched = batch !== undefined;
  const runId = run.id;
  if (run.status === "waiting" && run.wake_at && run.wake_at.getTime() > Date.now() + 1000) {
    // Woken early (a stray job): sleep again until the wait is over.
    await deps.jobs.sendWith(trx, RUN_JOB, { runId }, { startAfter: run.wake_at });
    return { kind: "waiting" };
  }
  if (!run.enabled || run.deleted_at) {
    await finish(trx, runId, "cancelled", run.deleted_at ? "rule_deleted" : "rule_disabled");
    return { kind: "cancelled" };
  }
  const definition = run.definition as Definition;
  const owner = actorFromRow(run);
  if (!owner) {
    await finish(trx, runId, "failed", "owner_inactive", "The rule's owner is deactivated.");
    return { kind: "failed" };
  }
  const entity = deps.entities.get(run.entity) as EntityDefinition;
  let context = run.context as RunContext;
  const conditionInput = (changes: unknown) => ({
    actor: owner,
    def: entity,
    recordId: run.record_id,
    changes: (changes ?? {}) as Record<string, unknown>,
    runStartedAt: run.created_at,
    vars: { ...(context.vars ?? {}), hook: context.hook ?? {} },
  });
  let status = run.status;
  if (status === "pending") {
    if (!(await conditionsHold(trx, definition.conditions, conditionInput(context.changes)))) {
      await finish(trx, runId, "stopped", "conditions_not_met");
      return { kind: "stopped" };
    }
    status = "running";
  }
  const facts = await passFacts(trx, run, owner, entity);
  const origin: AutomationOrigin = {
    ruleId: run.rule_id,
    ruleName: run.rule_name,
    versionId: run.version_id,
    runId,
    ownerId: run.owner_id,
    depth: run.depth,
  };
  const log: LogRow[] = [];
  let cursor = run.cursor as Path;
  let attempt = run.attempts + 1;
  let done = 0;
  // The record as the last step saw it, while no step since wrote a change it could show (`keepsRecord`).
  let loaded: { record: Record<string, unknown> | null } | undefined;
  const stepDone = (step: Step, input: unknown, output: unknown, startedAt: Date, to: Path) => {
    log.push({ step, status: "succeeded", startedAt, finishedAt: new Date(), input, output, attempt });
    context = { ...context, outputs: { ...(context.outputs ?? {}), [step.id]: output ?? null } };
    cursor = to;
    attempt = 1;
    done += 1;
  };
  // Everything the pass did, written at once: the log rows, the cursor, the outputs, the run's status.
  const save = async (extra: Record<string, unknown> = {}) => {
    const set = {
      status,
      cursor: JSON.stringify(cursor),
      context: JSON.stringify(context),
      attempts: done > 0 ? 0 : run.attempts,
      wake_at: null,
      ...extra,
    };
    if (batch) batch.push({ runId, rows: log, set });
    else await savePass(trx, runId, log, set);
  };

  for (let taken = 0; taken < STEPS_PER_PASS; taken++) {
    const path = normalize(definition.steps, cursor);
    if (!path) {
      await save({ status: "succeeded", reason: null, error: null, finished_at: new Date() });
      return { kind: "succeeded" };
    }
    cursor = path;
    const step = (stepsAt(definition.steps, path) as Step[])[path.at(-1) as number] as Step;
    const startedAt = new Date();
    if (step.type === "branch") {
      const holds = await conditionsHold(trx, step.if, conditionInput(context.changes));
      const output = { branch: holds ? "then" : "else" };
      stepDone(step, null, output, startedAt, [...path, holds ? 0 : 1, 0]);
      continue;
    }
    if (step.type === "wait" && status === "waiting") {
      // Woken up: the wait is over (its log row was written when it began).
      status = "running";
      cursor = next(path);
      attempt = 1;
      done += 1;
      continue;
    }
    if (step.type === "startRule") {
      loaded = undefined;
      const child = await startChild(trx, deps, run, step.ruleId, step.id, context, definition);
      stepDone(step, { ruleId: step.ruleId }, child, startedAt, next(path));
      continue;
    }
    const kind = stepKind(step.type);
    if (kind.external && (done > 0 || batched)) {
      // The call gets a pass of its own (in a batch: after it, alone), so no crash repeats it with other steps.
      if (done === 0) return { kind: "continue" };
      break; // commit what is done
    }
    if (done > 0) await sql`savepoint automation_step`.execute(trx);
    const sctx = await stepContext(trx, deps, run, owner, entity, context, facts, loaded);
    // A copy as loaded (the step may change the object it was handed); not structuredClone: ~70 µs a record.
    const seen = sctx.record === null ? null : copyRecord(sctx.record);
    const changed = new Set<string>();
    loaded = undefined;
    let result: Awaited<ReturnType<typeof kind.run>>;
    try {
      result = await runInRequestScope(
        { requestId: `automation:${runId}`, ip: null, userAgent: null, automation: origin, changed },
        () => kind.run(step as never, sctx),
      );
    } catch (error) {
      const failure = new StepFailure(error, step.id, step.type, startedAt);
      // Nothing done before it in this pass: the whole transaction rolls back.
      if (done === 0) throw failure;
      // The failed step's writes go; the steps before it commit with their log rows.
      await sql`rollback to savepoint automation_step`.execute(trx);
      await save();
      return { kind: "failure", failure };
    }
    if (
      result.wait &&
      result.wait.getTime() > now.getTime() + 1000 &&
      result.wait.getTime() > Date.now() + 1000
    ) {
      log.push({
        step,
        status: "waiting",
        startedAt,
        finishedAt: new Date(),
        input: null,
        output: result.output,
        attempt,
      });
      status = "waiting";
      await save({ wake_at: result.wait, attempts: 0 });
      await deps.jobs.sendWith(trx, RUN_JOB, { runId }, { startAfter: result.wait });
      return { kind: "waiting" };
    }
    stepDone(step, null, result.output, startedAt, next(path));
    if (keepsRecord(changed, entity, facts)) loaded = { record: seen };
    if (kind.external) break;
  }
  await save();
  return { kind: "continue" };
}

/** The record's fields copied, with their arrays and objects one level down (tags, multi-selects). */
function copyRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const v = record[key];
    out[key] = Array.isArray(v) ? [...v] : v !== null && typeof v === "object" ? { ...v } : v;
  }
  return out;
}
