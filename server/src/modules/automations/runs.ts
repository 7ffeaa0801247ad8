import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { AppDeps } from "../../platform/http/types.js";

type Trx = Transaction<DB>;

export const RUN_JOB = "automations.run";

export interface NewRun {
  ruleId: string;
  versionId: string;
  /** With the version, the exactly-once key: `event:<id>`, `date:<record>:<moment>`, `hook:<delivery>`… */
  triggerKey: string;
  entity: string;
  recordId: string | null;
  depth: number;
  parentRunId?: string | null;
  context: Record<string, unknown>;
  /** Refused before it ran (loop guard): stored as `stopped` with the reason, nothing executes. */
  stopped?: string;
}

/**
 * Creates runs (skipping keys that already have one — a redelivered event or a second scheduler tick creates
 * nothing) and queues a job for each new runnable one, in the caller's transaction. Returns the new run ids.
 */
export async function createRuns(trx: Trx, deps: AppDeps, runs: NewRun[]): Promise<string[]> {
  if (runs.length === 0) return [];
  const rows = await trx
    .insertInto("automation_runs")
    .values(
      runs.map((r) => ({
        rule_id: r.ruleId,
        version_id: r.versionId,
        trigger_key: r.triggerKey,
        entity: r.entity,
        record_id: r.recordId,
        depth: r.depth,
        parent_run_id: r.parentRunId ?? null,
        context: JSON.stringify(r.context),
        status: r.stopped ? "stopped" : "pending",
        reason: r.stopped ?? null,
        finished_at: r.stopped ? new Date() : null,
      })),
    )
    .onConflict((oc) => oc.columns(["version_id", "trigger_key"]).doNothing())
    .returning(["id", "status"])
    .execute();
  const runnable = rows.filter((r) => r.status === "pending").map((r) => r.id);
  if (runnable.length > 0)
    await deps.jobs.sendManyWith(
      trx,
      RUN_JOB,
      runnable.map((runId) => ({ runId })),
    );
  return rows.map((r) => r.id);
}

/**
 * How many runs each (rule, record) pair had in the last hour (the per-record rate limit), in one query for a
 * whole batch of events; keyed `<rule id>:<record id>`, pairs without runs left out.
 */
export async function recentRunCounts(
  trx: Trx,
  pairs: { ruleId: string; recordId: string }[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (pairs.length === 0) return counts;
  const rows = await trx
    .selectFrom("automation_runs")
    .select(["rule_id", "record_id", sql<number>`count(*)::int`.as("n")])
    .where(
      sql<boolean>`(rule_id, record_id) in (select * from unnest(${pairs.map((p) => p.ruleId)}::uuid[], ${pairs.map((p) => p.recordId)}::uuid[]))`,
    )
    .where("created_at", ">", sql<Date>`now() - interval '1 hour'`)
    .where("status", "<>", "stopped")
    .groupBy(["rule_id", "record_id"])
    .execute();
  for (const r of rows) counts.set(`${r.rule_id}:${r.record_id}`, r.n);
  return counts;
}

/**
 * Cancels waiting runs (their pending job then finds nothing to do): of a rule (disabled, deleted) or of a
 * record (deleted — only rules whose option says so).
 */
export async function cancelWaits(
  trx: Trx,
  which: { ruleId: string } | { entity: string; recordId: string },
  reason: string,
): Promise<number> {
  let q = trx
    .updateTable("automation_runs")
    .set({ status: "cancelled", reason, finished_at: new Date(), wake_at: null })
    .where("status", "in", ["waiting", "pending"]);
  if ("ruleId" in which) q = q.where("rule_id", "=", which.ruleId);
  else {
    q = q
      .where("record_id", "=", which.recordId)
      .where("entity", "=", which.entity)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("automation_rule_versions as v")
            .select("v.id")
            .whereRef("v.id", "=", "automation_runs.version_id")
            .where(sql<boolean>`coalesce((v.definition->'options'->>'cancelWaitsOnDelete')::boolean, true)`),
        ),
      );
  }
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}
