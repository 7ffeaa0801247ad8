import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import {
  createRule,
  dealHelpers,
  type Fixture,
  fixture,
  redeliver,
  runsOf,
  settle,
  taskStep,
} from "./test-support.js";

describe("automation runs: steps through the services, exactly-once, round-robin, failures", () => {
  const t = useTestContext();
  let f: Fixture;
  const { deal, move, tasksOf } = dealHelpers(t, () => f);

  beforeAll(async () => {
    f = await fixture(t);
    // Consumers start at the head: begin the feed after the fixture's writes.
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  it("creates a task through the tasks service when a deal enters a stage; the run log shows each step", async () => {
    const res = await createRule(t, f.admin, {
      entity: "deals",
      name: "Proposal call",
      enabled: true,
      definition: { trigger: { kind: "stageEntered", stageId: f.stage("Proposal") }, steps: [taskStep()] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const rule = res.json().rule;
    expect(res.json().secret).toMatch(/^whsec_/);
    const id = await deal("Servers");
    expect((await move(id, f.stage("Proposal"))).statusCode).toBe(200);
    await settle(t);
    const tasks = await tasksOf(id);
    expect(tasks.map((x) => x.title)).toEqual(["Onboarding «Servers»"]);
    expect(tasks[0]?.owner_id).toBe(f.adminId);
    expect(tasks[0]?.due_at).not.toBeNull();
    const runs = await t.app.inject({
      method: "GET",
      url: `/api/v1/automations/${rule.id}/runs`,
      headers: f.admin,
    });
    const [run] = runs.json().items;
    expect(run.status).toBe("succeeded");
    expect(run.steps.map((s: { stepId: string; status: string }) => [s.stepId, s.status])).toEqual([
      ["task", "succeeded"],
    ]);
    // Audited "by rule X (owner Y)": the task's change event names the rule.
    const ev = await t.db
      .selectFrom("change_events")
      .select(["actor_id", "automation"])
      .where("entity", "=", "tasks")
      .where("entity_id", "=", tasks[0]?.id as string)
      .executeTakeFirstOrThrow();
    expect(ev.actor_id).toBe(f.adminId);
    expect(ev.automation).toMatchObject({ ruleId: rule.id, ruleName: "Proposal call", ownerId: f.adminId });
    // Other deals entering other stages start nothing.
    await move(await deal("Other"), f.stage("Negotiation"));
    await settle(t);
    expect(await runsOf(t, rule.id)).toHaveLength(1);
    // The record's runs, for its timeline.
    const onDeal = await t.app.inject({
      method: "GET",
      url: `/api/v1/automation-runs?entity=deals&recordId=${id}`,
      headers: f.admin,
    });
    expect(onDeal.json().items).toHaveLength(1);
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/automations/${rule.id}`,
      headers: f.admin,
      payload: { enabled: false },
    });
  });

  it("runs a redelivered event exactly once (the run is keyed by rule version and event)", async () => {
    const res = await createRule(t, f.admin, {
      entity: "deals",
      name: "Won → tag",
      enabled: true,
      definition: {
        trigger: { kind: "won" },
        steps: [{ id: "tag", type: "addTag", tag: "vip" }, taskStep("Thank «{{record.title}}»")],
      },
    });
    const rule = res.json().rule;
    const id = await deal("Big one");
    await move(id, f.stage("Won"));
    await settle(t);
    expect(await tasksOf(id)).toHaveLength(1);
    const d = await t.db.selectFrom("deals").select("tags").where("id", "=", id).executeTakeFirstOrThrow();
    expect(d.tags).toEqual(["vip"]);
    // Deliver the whole feed again, as after a crash before the cursor moved.
    await redeliver(t);
    expect(await tasksOf(id)).toHaveLength(1);
    expect(await runsOf(t, rule.id)).toHaveLength(1);
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${rule.id}`, headers: f.admin });
  });

  it("assigns round-robin within a team, skipping deactivated people", async () => {
    const team = await createTeam(t.db, `Round ${Math.random()}`);
    const users = [];
    for (let i = 0; i < 3; i++)
      users.push(await createUser(t.db, { roleKey: "sales_manager", teamId: team.id }));
    const sorted = users.map((u) => u.id).sort();
    await t.db
      .updateTable("users")
      .set({ is_active: false })
      .where("id", "=", sorted[1] as string)
      .execute();
    // Changes of earlier tests still in the feed would be matched by the new rule too: take them first.
    await settle(t);
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "RR",
        enabled: true,
        definition: {
          trigger: { kind: "recordCreated" },
          steps: [{ id: "as", type: "assign", assignee: { kind: "roundRobin", teamId: team.id } }],
        },
      })
    ).json().rule;
    const ids = [await deal("r1"), await deal("r2"), await deal("r3")];
    await settle(t);
    const owners = await t.db.selectFrom("deals").select(["id", "owner_id"]).where("id", "in", ids).execute();
    const byId = new Map(owners.map((o) => [o.id, o.owner_id]));
    // Runs may execute in any order; the picks rotate over the active members only.
    expect(ids.map((i) => byId.get(i)).sort()).toEqual([sorted[0], sorted[0], sorted[2]].sort());
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${rule.id}`, headers: f.admin });
  });

  it("fails a run whose step is refused and tells the owner; transient errors are retried", async () => {
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "Doomed",
        enabled: true,
        definition: {
          trigger: { kind: "recordCreated" },
          steps: [{ id: "s", type: "moveStage", stageId: f.stage("Won") }],
        },
      })
    ).json().rule;
    // The owner loses the right to update deals: the step is refused by the deals service (permanent).
    const role = await t.db
      .insertInto("roles")
      .values({
        name: `Reader ${Math.random()}`,
        permissions: JSON.stringify({ "*": { read: "all" } }),
        admin_permissions: ["automations.manage"],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const owner = await createUser(t.db, { roleKey: "admin" });
    await t.db
      .updateTable("automation_rules")
      .set({ owner_id: owner.id })
      .where("id", "=", rule.id)
      .execute();
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", owner.id).execute();
    const id = await deal("Doomed deal");
    await settle(t);
    const [run] = await runsOf(t, rule.id);
    expect(run).toMatchObject({ status: "failed", reason: "permission_denied" });
    const d = await t.db
      .selectFrom("deals")
      .select("stage_id")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(d.stage_id).not.toBe(f.stage("Won"));
    const note = await t.db
      .selectFrom("notifications")
      .select(["user_id", "kind"])
      .where("dedupe_key", "=", `automation.failed:${run?.id}`)
      .execute();
    expect(note).toEqual([{ user_id: owner.id, kind: "automation.failed" }]);
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${rule.id}`, headers: f.admin });
  });
});
