import { beforeAll, describe, expect, it } from "vitest";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, dealHelpers, type Fixture, fixture, runsOf, settle } from "./test-support.js";

describe("automation loop guard: own changes, chain depth, rate limit", () => {
  const t = useTestContext();
  let f: Fixture;
  const { deal } = dealHelpers(t, () => f);

  beforeAll(async () => {
    f = await fixture(t);
    // Consumers start at the head: begin the feed after the fixture's writes.
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  it("is not triggered by its own changes; a cycle of rules starting each other stops at the chain limit", async () => {
    const self = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "Self",
        enabled: true,
        definition: {
          trigger: { kind: "recordUpdated" },
          steps: [{ id: "u", type: "updateFields", values: { source: "rule {{run.id}}" } }],
        },
      })
    ).json().rule;
    const id = await deal("Loop");
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/deals/${id}`,
      headers: f.admin,
      payload: { source: "web" },
    });
    await settle(t);
    expect(await runsOf(t, self.id)).toHaveLength(1);
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${self.id}`, headers: f.admin });

    const mk = async (name: string) =>
      (
        await createRule(t, f.admin, {
          entity: "deals",
          name,
          enabled: true,
          definition: {
            trigger: { kind: "fieldChanged", field: "lostReason" },
            steps: [{ id: "n", type: "addTag", tag: name }],
            options: { maxChainDepth: 3 },
          },
        })
      ).json().rule;
    const a = await mk("A");
    const b = await mk("B");
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      const r = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/automations/${x.id}`,
        headers: f.admin,
        payload: { definition: { ...x.definition, steps: [{ id: "go", type: "startRule", ruleId: y.id }] } },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    await t.db.transaction().execute(async (trx) => {
      const { createRuns } = await import("./runs.js");
      const rule = await trx
        .selectFrom("automation_rules")
        .select("current_version_id")
        .where("id", "=", a.id)
        .executeTakeFirstOrThrow();
      await createRuns(trx, t.deps, [
        {
          ruleId: a.id,
          versionId: rule.current_version_id as string,
          triggerKey: "manual",
          entity: "deals",
          recordId: id,
          depth: 0,
          context: {},
        },
      ]);
    });
    await settle(t);
    const all = await t.db
      .selectFrom("automation_runs")
      .select(["status", "reason", "depth"])
      .where("rule_id", "in", [a.id, b.id])
      .orderBy("depth")
      .execute();
    expect(all.map((r) => r.depth)).toEqual([0, 1, 2, 3, 4]);
    expect(all.at(-1)).toMatchObject({ status: "stopped", reason: "chain_depth_exceeded" });
    expect(all.slice(0, -1).every((r) => r.status === "succeeded")).toBe(true);
    for (const r of [a, b])
      await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${r.id}`, headers: f.admin });
  });

  it("stops a rule firing too often on one record", async () => {
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "Chatty",
        enabled: true,
        definition: {
          trigger: { kind: "fieldChanged", field: "source" },
          steps: [{ id: "t", type: "addTag", tag: "touched" }],
          options: { maxRunsPerRecordPerHour: 2 },
        },
      })
    ).json().rule;
    const id = await deal("Busy");
    for (const s of ["a", "b", "c"]) {
      await t.app.inject({
        method: "PATCH",
        url: `/api/v1/deals/${id}`,
        headers: f.admin,
        payload: { source: s },
      });
    }
    await settle(t);
    const runs = await runsOf(t, rule.id);
    const byEvent = runs.sort((a, b) => Number(a.trigger_key.slice(6)) - Number(b.trigger_key.slice(6)));
    expect(byEvent.map((r) => `${r.status}:${r.reason ?? ""}`)).toEqual([
      "succeeded:",
      "succeeded:",
      "stopped:rate_limited",
    ]);
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${rule.id}`, headers: f.admin });
  });
});
