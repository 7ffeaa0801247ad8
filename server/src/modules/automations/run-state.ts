import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { actorColumns } from "../../platform/records/actor.js";
import type { Step } from "./schemas.js";

type Trx = Transaction<DB>;

/** How a call of the engine left the run: its status, or "retrying"/"skipped". */
export interface Outcome {
  status: string;
}

/** The run being executed, locked for this transaction, with its rule, version and owner (`actorFromRow`). */
export type RunRow = NonNullable<Awaited<ReturnType<typeof lockRun>>>;

export async function lockRun(trx: Trx, runId: string) {
  return runsQuery(trx).where("a.id", "=", runId).executeTakeFirst();
}

/** Several runs locked at once (those another worker holds, or that are no longer runnable, left out), by id. */
export async function lockRuns(trx: Trx, runIds: string[]): Promise<Map<string, RunRow>> {
  // `= any($1)`: one statement text (prepared once) whatever the batch's size.
  const rows = await runsQuery(trx).where(sql<boolean>`a.id = any(${runIds}::uuid[])`).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

function runsQuery(trx: Trx) {
  return (
    trx
      .selectFrom("automation_runs as a")
      .innerJoin("automation_rules as r", "r.id", "a.rule_id")
      .innerJoin("automation_rule_versions as v", "v.id", "a.version_id")
      .leftJoin("users as u", "u.id", "r.owner_id")
      .leftJoin("roles as ro", "ro.id", "u.role_id")
      // The owner as an actor (their role as of now) in the same round trip.
      .select(actorColumns("u", "ro"))
      .select([
        "a.id",
        "a.rule_id",
        "a.version_id",
        "a.status",
        "a.entity",
        "a.record_id",
        "a.depth",
        "a.context",
        "a.cursor",
        "a.attempts",
        "a.wake_at",
        "a.created_at",
        "r.name as rule_name",
        "r.owner_id",
        "r.enabled",
        "r.deleted_at",
        "v.definition",
        "u.time_zone as owner_time_zone",
      ])
      .where("a.status", "in", ["pending", "running", "waiting"])
      .forUpdate("a")
      .skipLocked()
  );
}

export interface RunContext {
  trigger?: Record<string, unknown>;
  hook?: Record<string, unknown>;
  previous?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  changes?: Record<string, unknown>;
  /** The trigger's own variables by namespace (`{ message: {…} }`), read when the run was created. */
  vars?: Record<string, unknown>;
}

/** Path of a step in the tree: [i] at the top, [i, 0|1, j] inside a branch's then (0) or else (1). */
export type Path = number[];

export function stepsAt(steps: Step[], path: Path): Step[] | null {
  let list = steps;
  for (let k = 0; k + 1 < path.length; k += 2) {
    const s = list[path[k] as number];
    if (s?.type !== "branch") return null;
    list = path[k + 1] === 0 ? s.thenSteps : s.elseSteps;
  }
  return list;
}

/** The step at the path, climbing out of finished branches; null when the run is done. */
export function normalize(steps: Step[], path: Path): Path | null {
  let p = [...path];
  for (;;) {
    const list = stepsAt(steps, p);
    if (!list) return null;
    if ((p.at(-1) as number) < list.length) return p;
    if (p.length === 1) return null;
    p = p.slice(0, -2);
    p[p.length - 1] = (p.at(-1) as number) + 1;
  }
}
export const next = (p: Path): Path => [...p.slice(0, -1), (p.at(-1) as number) + 1];

/** A run-log row kept in memory until its pass commits (`writeLog` inserts a pass's rows at once). */
export interface LogRow {
  step: { id: string; type: string };
  status: "succeeded" | "waiting";
  startedAt: Date;
  finishedAt: Date;
  input: unknown;
  output: unknown;
  attempt: number;
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** The run-log rows of one pass as `automation_run_steps` values, in step order (the log reads them by id). */
function logValues(runId: string, rows: LogRow[]) {
  return rows.map((r) => ({
    run_id: runId,
    step_id: r.step.id,
    step_type: r.step.type,
    status: r.status,
    input: json(r.input),
    output: json(r.output),
    error: null,
    attempt: r.attempt,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
  }));
}

/**
 * What a pass did, in one statement: its run-log rows inserted (a data-modifying CTE) and the run's row updated
 * (cursor, outputs, status) — one round trip instead of two.
 */
export async function savePass(trx: Trx, runId: string, rows: LogRow[], set: Record<string, unknown>) {
  if (rows.length === 0) {
    await trx.updateTable("automation_runs").set(set).where("id", "=", runId).execute();
    return;
  }
  await trx
    .with("log", (db) => db.insertInto("automation_run_steps").values(logValues(runId, rows)))
    .updateTable("automation_runs")
    .set(set)
    .where("id", "=", runId)
    .execute();
}

/** A pass's write kept until its batch ends (`savePasses`). */
export interface PassWrite {
  runId: string;
  rows: LogRow[];
  set: Record<string, unknown>;
}

/**
 * The writes of a batch's passes (`executeRuns`) in one statement of fixed text (prepared once): every pass's
 * run-log rows inserted and every run's row updated from arrays — instead of one statement per run. `reason`,
 * `error` and `finished_at` change only for a pass that set `finished_at` (its run ended).
 */
export async function savePasses(trx: Trx, writes: PassWrite[]) {
  if (writes.length === 0) return;
  const rows = writes.flatMap((w) => logValues(w.runId, w.rows));
  const col = <T>(f: (w: PassWrite) => T) => writes.map(f);
  const ends = col((w) => "finished_at" in w.set);
  await sql`with log as (
      insert into automation_run_steps
        (run_id, step_id, step_type, status, input, output, attempt, started_at, finished_at)
      select * from unnest(${rows.map((r) => r.run_id)}::uuid[], ${rows.map((r) => r.step_id)}::text[],
        ${rows.map((r) => r.step_type)}::text[], ${rows.map((r) => r.status)}::text[],
        ${rows.map((r) => r.input)}::jsonb[], ${rows.map((r) => r.output)}::jsonb[],
        ${rows.map((r) => r.attempt)}::int[], ${rows.map((r) => r.started_at)}::timestamptz[],
        ${rows.map((r) => r.finished_at)}::timestamptz[])
    )
    update automation_runs a set status = v.status, cursor = v.cursor, context = v.context,
      attempts = v.attempts, wake_at = v.wake_at,
      reason = case when v.ends then v.reason else a.reason end,
      error = case when v.ends then v.error else a.error end,
      finished_at = case when v.ends then v.finished_at else a.finished_at end
    from unnest(${col((w) => w.runId)}::uuid[], ${col((w) => w.set.status)}::text[],
      ${col((w) => w.set.cursor)}::jsonb[], ${col((w) => w.set.context)}::jsonb[],
      ${col((w) => w.set.attempts)}::int[], ${col((w) => w.set.wake_at ?? null)}::timestamptz[], ${ends}::bool[],
      ${col((w) => w.set.reason ?? null)}::text[], ${col((w) => w.set.error ?? null)}::text[],
      ${col((w) => w.set.finished_at ?? null)}::timestamptz[])
      as v(id, status, cursor, context, attempts, wake_at, ends, reason, error, finished_at)
    where a.id = v.id`.execute(trx);
}

/** One row of the run log (`automation_run_steps`). */
export async function logStep(
  trx: Trx,
  runId: string,
  step: { id: string; type: string },
  status: "succeeded" | "failed" | "waiting",
  startedAt: Date,
  input: unknown,
  output: unknown,
  attempt: number,
  error?: string,
) {
  await trx
    .insertInto("automation_run_steps")
    .values({
      run_id: runId,
      step_id: step.id,
      step_type: step.type,
      status,
      input: input === null || input === undefined ? null : JSON.stringify(input),
      output: output === null || output === undefined ? null : JSON.stringify(output),
      error: error ?? null,
      attempt,
      started_at: startedAt,
    })
    .execute();
}

export async function finish(trx: Trx, runId: string, status: string, reason: string | null, error?: string) {
  await trx
    .updateTable("automation_runs")
    .set({ status, reason, error: error ?? null, finished_at: new Date(), wake_at: null })
    .where("id", "=", runId)
    .execute();
}
