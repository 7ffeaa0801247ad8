import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, createPool } from "../../platform/db/database.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { executeRuns } from "./engine.js";
import { registerStepKind } from "./steps/registry.js";
import {
  createRule,
  dealHelpers,
  deleteRule,
  type Fixture,
  fixture,
  runsOf,
  settle,
  taskStep,
} from "./test-support.js";

// Test-only step kinds (never in a saved definition's schema; the tests write them into the version).
registerStepKind({
  type: "testFailOnTitle" as never,
  validate() {},
  async run(_step, ctx) {
    await ctx.trx
      .updateTable("deals")
      .set({ source: "batch wrote" })
      .where("id", "=", ctx.recordId as string)
      .execute();
    // A failing statement: the transaction is aborted until the run's savepoint is rolled back to.
    if (String(ctx.record?.title).includes("fails")) await sql`select 1 / 0`.execute(ctx.trx);
    return { output: { ok: true } };
  },
  async preview() {
    return { wouldDo: "fail on a title" };
  },
});
let crashing = true;
registerStepKind({
  type: "testCrashOnTitle" as never,
  validate() {},
  async run(_step, ctx) {
    // A crash mid-batch: the batch's connection dies, its transaction with it (as when the process is killed).
    if (crashing && String(ctx.record?.title).includes("crash"))
      await sql`select pg_terminate_backend(pg_backend_pid())`.execute(ctx.trx);
    return { output: { ok: true } };
  },
  async preview() {
    return { wouldDo: "crash on a title" };
  },
});

/** Several runs in one transaction (`executeRuns`, how the run job takes its jobs): each behind a savepoint. */
describe("automation engine: runs in batches", () => {
  const t = useTestContext();
  let f: Fixture;
  const { deal, tasksOf } = dealHelpers(t, () => f);

  beforeAll(async () => {
    f = await fixture(t);
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  const ruleWith = async (name: string, steps: object[], patch: string) => {
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name,
        enabled: true,
        definition: { trigger: { kind: "recordCreated" }, steps },
      })
    ).json().rule as { id: string };
    await sql`update automation_rule_versions set definition = jsonb_set(definition, '{steps,1}', ${patch}::jsonb)
      where rule_id = ${rule.id}`.execute(t.db);
    return rule;
  };
  const log = async (runId: string) =>
    (
      await t.db
        .selectFrom("automation_run_steps")
        .select(["step_id", "status"])
        .where("run_id", "=", runId)
        .orderBy("id")
        .execute()
    ).map((s) => `${s.step_id}:${s.status}`);
  const dealRow = (id: string) =>
    t.db.selectFrom("deals").select(["tags", "source"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("commits the other runs of a batch when one fails; the failing run alone rolls back and is retried", async () => {
    const rule = await ruleWith(
      "Batch with a failing run",
      [
        { id: "a", type: "addTag", tag: "batched" },
        { id: "x", type: "addTag", tag: "placeholder" },
        { id: "c", type: "addTag", tag: "after" },
      ],
      '{"id":"x","type":"testFailOnTitle"}',
    );
    const ids = [
      await deal("Batch one", { source: "web" }),
      await deal("Batch fails", { source: "web" }),
      await deal("Batch three", { source: "web" }),
    ];
    await t.relay.drain(AUTOMATION_CONSUMER);
    const runs = await runsOf(t, rule.id);
    expect(runs).toHaveLength(3);
    const runOf = new Map(runs.map((r) => [r.record_id, r.id]));

    const outcomes = await executeRuns(
      t.deps,
      ids.map((id) => runOf.get(id) as string),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["succeeded", "retrying", "succeeded"]);
    for (const id of [ids[0], ids[2]] as string[]) {
      expect(await dealRow(id)).toEqual({ tags: ["batched", "after"], source: "batch wrote" });
      expect(await log(runOf.get(id) as string)).toEqual(["a:succeeded", "x:succeeded", "c:succeeded"]);
    }
    // The failing run: its first step stays done, the failed step's write rolled back, the failure logged.
    const failing = runOf.get(ids[1] as string) as string;
    expect(await dealRow(ids[1] as string)).toEqual({ tags: ["batched"], source: "web" });
    expect(await log(failing)).toEqual(["a:succeeded", "x:failed"]);
    const after = await t.db
      .selectFrom("automation_runs")
      .select(["status", "attempts", "cursor"])
      .where("id", "=", failing)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "running", attempts: 1, cursor: [1] });
    await deleteRule(t, f.admin, rule.id);
    await settle(t);
  });

  it("a run failing at its first step rolls back alone, before and after the batch's other runs", async () => {
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "Batch failing first",
        enabled: true,
        definition: {
          trigger: { kind: "recordCreated" },
          steps: [{ id: "x", type: "addTag", tag: "placeholder" }],
        },
      })
    ).json().rule as { id: string };
    await sql`update automation_rule_versions set definition = jsonb_set(definition, '{steps,0}',
      '{"id":"x","type":"testFailOnTitle"}') where rule_id = ${rule.id}`.execute(t.db);
    const ids = [
      await deal("First fails", { source: "web" }),
      await deal("First ok", { source: "web" }),
      await deal("First fails too", { source: "web" }),
    ];
    await t.relay.drain(AUTOMATION_CONSUMER);
    const runOf = new Map((await runsOf(t, rule.id)).map((r) => [r.record_id, r.id]));
    const outcomes = await executeRuns(
      t.deps,
      ids.map((id) => runOf.get(id) as string),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["retrying", "succeeded", "retrying"]);
    expect((await dealRow(ids[1] as string)).source).toBe("batch wrote");
    expect((await dealRow(ids[0] as string)).source).toBe("web");
    expect((await dealRow(ids[2] as string)).source).toBe("web");
    await deleteRule(t, f.admin, rule.id);
    await settle(t);
  });

  it("a crash mid-batch rolls the whole batch back; running it again does every run's steps once", async () => {
    const rule = await ruleWith(
      "Batch crash",
      [taskStep("Batch task {{record.title}}"), { id: "x", type: "addTag", tag: "placeholder" }],
      '{"id":"x","type":"testCrashOnTitle"}',
    );
    const ids = [
      await deal("Crash batch one"),
      await deal("Crash batch two"),
      await deal("Batch will crash"),
      await deal("Crash batch four"),
    ];
    await t.relay.drain(AUTOMATION_CONSUMER);
    const runOf = new Map((await runsOf(t, rule.id)).map((r) => [r.record_id, r.id]));
    const runIds = ids.map((id) => runOf.get(id) as string);

    // The crashing batch on a pool of its own: a connection lost while checked out emits `error` on its client.
    const pool = createPool(t.url, 1);
    pool.on("connect", (client) => client.on("error", () => {}));
    const crashDb = createDb(pool);
    crashing = true;
    try {
      await expect(executeRuns({ ...t.deps, db: crashDb }, runIds)).rejects.toThrow();
    } finally {
      await crashDb.destroy();
    }
    // Nothing of the batch stayed: no task, no log row, every run where it was.
    for (const id of ids) expect(await tasksOf(id)).toHaveLength(0);
    for (const runId of runIds) expect(await log(runId)).toEqual([]);
    expect((await runsOf(t, rule.id)).map((r) => r.status)).toEqual([
      "pending",
      "pending",
      "pending",
      "pending",
    ]);

    // The jobs are delivered again (pg-boss retries the crashed handler's jobs), twice for good measure.
    crashing = false;
    await executeRuns(t.deps, runIds);
    await executeRuns(t.deps, runIds);
    await settle(t);
    for (const id of ids) expect(await tasksOf(id)).toHaveLength(1);
    for (const runId of runIds) expect(await log(runId)).toEqual(["task:succeeded", "x:succeeded"]);
    expect((await runsOf(t, rule.id)).map((r) => r.status)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    await deleteRule(t, f.admin, rule.id);
  });
});
