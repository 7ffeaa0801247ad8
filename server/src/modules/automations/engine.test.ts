import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { registerStepKind } from "./steps/registry.js";
import { createRule, dealHelpers, type Fixture, fixture, runsOf, settle } from "./test-support.js";

// Test-only step kinds (never in a saved definition's schema; the test writes them into the version).
let flakyCalls = 0;
registerStepKind({
  type: "testFlaky" as never,
  validate() {},
  async run(_step, ctx) {
    await ctx.trx
      .updateTable("deals")
      .set({ source: "flaky wrote" })
      .where("id", "=", ctx.recordId as string)
      .execute();
    flakyCalls += 1;
    if (flakyCalls === 1) throw new Error("temporary failure");
    return { output: { calls: flakyCalls } };
  },
  async preview() {
    return { wouldDo: "flaky" };
  },
});
let seenByExternal: unknown = null;
registerStepKind({
  type: "testExternal" as never,
  external: true,
  validate() {},
  async run(_step, ctx) {
    // Read outside the step's transaction: the steps before this one are already committed.
    seenByExternal = await ctx.deps.db
      .selectFrom("automation_runs")
      .select("cursor")
      .where("id", "=", ctx.run.id)
      .executeTakeFirst();
    return { output: { called: true } };
  },
  async preview() {
    return { wouldDo: "call out" };
  },
});

describe("automation engine: a run's steps in passes", () => {
  const t = useTestContext();
  let f: Fixture;
  const { deal } = dealHelpers(t, () => f);

  beforeAll(async () => {
    f = await fixture(t);
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  it("keeps the steps before a failing one, rolls the failing one back, retries it; a call-out runs alone", async () => {
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "Passes",
        enabled: true,
        definition: {
          trigger: { kind: "recordCreated" },
          steps: [
            { id: "a", type: "addTag", tag: "a" },
            { id: "flaky", type: "addTag", tag: "placeholder" },
            { id: "ext", type: "addTag", tag: "placeholder" },
            { id: "c", type: "addTag", tag: "c" },
          ],
        },
      })
    ).json().rule;
    await sql`update automation_rule_versions set definition = jsonb_set(jsonb_set(definition,
      '{steps,1}', '{"id":"flaky","type":"testFlaky"}'), '{steps,2}', '{"id":"ext","type":"testExternal"}')
      where rule_id = ${rule.id}`.execute(t.db);
    const id = await deal("Passes deal", { source: "web" });
    await settle(t);
    const dealRow = () =>
      t.db.selectFrom("deals").select(["tags", "source"]).where("id", "=", id).executeTakeFirstOrThrow();
    const log = async (runId: string) =>
      (
        await t.db
          .selectFrom("automation_run_steps")
          .select(["step_id", "status", "attempt"])
          .where("run_id", "=", runId)
          .orderBy("id")
          .execute()
      ).map((s) => `${s.step_id}:${s.status}:${s.attempt}`);

    const [run] = await runsOf(t, rule.id);
    expect(run).toMatchObject({ status: "running", attempts: 1, cursor: [1] });
    // The first step committed; the failing step's write rolled back with it.
    expect(await dealRow()).toEqual({ tags: ["a"], source: "web" });
    expect(await log(run?.id as string)).toEqual(["a:succeeded:1", "flaky:failed:1"]);

    // The retry (a delayed job) runs the failed step again, then the call-out in a pass of its own.
    await settle(t, { includeDelayed: true });
    const [done] = await runsOf(t, rule.id);
    expect(done).toMatchObject({ status: "succeeded", attempts: 0 });
    expect(await dealRow()).toEqual({ tags: ["a", "c"], source: "flaky wrote" });
    expect(await log(run?.id as string)).toEqual([
      "a:succeeded:1",
      "flaky:failed:1",
      "flaky:succeeded:2",
      "ext:succeeded:1",
      "c:succeeded:1",
    ]);
    expect(seenByExternal).toEqual({ cursor: [2] });
    expect(flakyCalls).toBe(2);
  });

  it("fails a run whose rule's owner was deactivated before it ran (the owner is read with the run), doing nothing", async () => {
    const owner = await createUser(t.db, { roleKey: "admin" });
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "Owner left",
        enabled: true,
        ownerId: owner.id,
        definition: { trigger: { kind: "recordCreated" }, steps: [{ id: "a", type: "addTag", tag: "left" }] },
      })
    ).json().rule;
    const id = await deal("Owner left deal");
    await t.relay.drain(AUTOMATION_CONSUMER);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", owner.id).execute();
    await settle(t);
    const [run] = await runsOf(t, rule.id);
    expect(run).toMatchObject({ status: "failed", reason: "owner_inactive" });
    const row = await t.db.selectFrom("deals").select("tags").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.tags).not.toContain("left");
  });
});
