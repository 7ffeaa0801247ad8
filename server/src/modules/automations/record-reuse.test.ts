import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
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
} from "./test-support.js";

// Test-only step kinds (written into the version directly, never in a saved definition's schema).
registerStepKind({
  type: "testSeesRecord" as never,
  validate() {},
  async run(_step, ctx) {
    return { output: { source: ctx.record?.source ?? null, tags: ctx.record?.tags ?? null } };
  },
  async preview() {
    return { wouldDo: "read the record" };
  },
});
registerStepKind({
  type: "testSilentWrite" as never,
  validate() {},
  async run(_step, ctx) {
    // A write that reports no change event (no business write does this): shows whether the next step reloads.
    await ctx.trx
      .updateTable("deals")
      .set({ source: "silently" })
      .where("id", "=", ctx.recordId as string)
      .execute();
    if (ctx.record) ctx.record.source = "changed in memory";
    return { output: { ok: true } };
  },
  async preview() {
    return { wouldDo: "write without an event" };
  },
});

/** The record is loaded again before a step only when the step before it wrote a change it could show. */
describe("automation engine: the record reused between steps", () => {
  const t = useTestContext();
  let f: Fixture;
  const { deal } = dealHelpers(t, () => f);

  beforeAll(async () => {
    f = await fixture(t);
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  /** Runs a rule of `steps` (test kinds patched in by index) on a new deal; the last step's output. */
  const lastSeen = async (name: string, steps: object[], patches: Record<number, object>) => {
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name,
        enabled: true,
        definition: { trigger: { kind: "recordCreated" }, steps },
      })
    ).json().rule as { id: string };
    for (const [i, step] of Object.entries(patches))
      await sql`update automation_rule_versions set definition = jsonb_set(definition, ${`{steps,${i}}`}::text[],
        ${JSON.stringify(step)}::jsonb) where rule_id = ${rule.id}`.execute(t.db);
    const id = await deal(`${name} deal`, { source: "web" });
    await t.relay.drain(AUTOMATION_CONSUMER);
    const run = (await runsOf(t, rule.id)).find((r) => r.record_id === id);
    const outcomes = await executeRuns(t.deps, [run?.id as string]);
    expect(outcomes.map((o) => o.status)).toEqual(["succeeded"]);
    const seen = await t.db
      .selectFrom("automation_run_steps")
      .select("output")
      .where("run_id", "=", run?.id as string)
      .where("step_id", "=", "seen")
      .executeTakeFirstOrThrow();
    await deleteRule(t, f.admin, rule.id);
    await settle(t);
    return seen.output as { source: string | null; tags: string[] | null };
  };
  const placeholder = (id: string) => ({ id, type: "addTag", tag: "placeholder" });

  it("after a step that reported no change, the next step is handed the record as loaded (no reload, not the step's in-memory edits)", async () => {
    const seen = await lastSeen("Reuse after no change", [placeholder("quiet"), placeholder("seen")], {
      0: { id: "quiet", type: "testSilentWrite" },
      1: { id: "seen", type: "testSeesRecord" },
    });
    expect(seen.source).toBe("web");
  });

  it("after a step that changed the record, the next step sees the change (reloaded)", async () => {
    const seen = await lastSeen(
      "Reload after a change",
      [placeholder("quiet"), { id: "tag", type: "addTag", tag: "fresh" }, placeholder("seen")],
      { 0: { id: "quiet", type: "testSilentWrite" }, 2: { id: "seen", type: "testSeesRecord" } },
    );
    expect(seen.tags).toEqual(["fresh"]);
    expect(seen.source).toBe("silently");
  });

  it("a step that changed another entity (a task) does not make the deal reload; the deal is the same", async () => {
    const seen = await lastSeen(
      "Reuse after a task",
      [
        placeholder("quiet"),
        { id: "task", type: "createTask", title: "T", assignee: { kind: "recordOwner" } },
        placeholder("seen"),
      ],
      { 0: { id: "quiet", type: "testSilentWrite" }, 2: { id: "seen", type: "testSeesRecord" } },
    );
    expect(seen.source).toBe("web");
  });
});
