import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import {
  createRule,
  dealHelpers,
  type Fixture,
  fastForward,
  fixture,
  runsOf,
  settle,
  taskStep,
} from "./test-support.js";

describe("automation waits, templates and the test run", () => {
  const t = useTestContext();
  let f: Fixture;
  const { deal, move, tasksOf } = dealHelpers(t, () => f);

  beforeAll(async () => {
    f = await fixture(t);
    // Consumers start at the head: begin the feed after the fixture's writes.
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  it("runs the 'contract signed' scenario: task, wait 3 business days, then notify the head if nothing happened", async () => {
    const team = await createTeam(t.db, `Sales ${Math.random()}`);
    const head = await createUser(t.db, { roleKey: "head_of_sales", teamId: team.id });
    await t.db.updateTable("teams").set({ head_id: head.id }).where("id", "=", team.id).execute();
    const manager = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const tpl = await t.app.inject({
      method: "POST",
      url: "/api/v1/automation-templates/contract-signed-onboarding/rules",
      headers: f.admin,
      payload: { stageId: f.stage("Negotiation"), enabled: true, language: "en" },
    });
    expect(tpl.statusCode, tpl.body).toBe(201);
    const rule = tpl.json().rule;
    const quiet = await deal("Quiet", { ownerId: manager.id });
    const busy = await deal("Busy", { ownerId: manager.id });
    await move(quiet, f.stage("Negotiation"));
    await move(busy, f.stage("Negotiation"));
    await settle(t);
    const runs = await runsOf(t, rule.id);
    expect(runs.map((r) => r.status)).toEqual(["waiting", "waiting"]);
    expect((await tasksOf(quiet))[0]?.owner_id).toBe(manager.id);
    // 3 business days (27 working hours, Mon–Fri 9–18): at least 2 calendar days away, on a weekday.
    const wake = runs[0]?.wake_at as Date;
    expect(wake.getTime() - Date.now()).toBeGreaterThan(2 * 86_400_000);
    expect([1, 2, 3, 4, 5]).toContain(wake.getUTCDay());
    // Someone calls about the busy deal.
    const call = await t.app.inject({
      method: "POST",
      url: "/api/v1/activities",
      headers: f.admin,
      payload: { kind: "call", subject: "Kick-off", links: [{ entity: "deals", id: busy }] },
    });
    expect(call.statusCode, call.body).toBe(201);
    for (const r of runs) await fastForward(t, r.id);
    await settle(t);
    expect((await runsOf(t, rule.id)).map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    const notes = await t.db
      .selectFrom("notifications")
      .select(["user_id", "entity_id", "kind"])
      .where("kind", "=", "automation.notify")
      .execute();
    expect(notes).toEqual([{ user_id: head.id, entity_id: quiet, kind: "automation.notify" }]);
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${rule.id}`, headers: f.admin });
  });

  it("cancels waiting runs when the record is deleted or the rule disabled", async () => {
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "Waiter",
        enabled: true,
        definition: {
          trigger: { kind: "recordCreated" },
          steps: [
            { id: "w", type: "wait", wait: { mode: "duration", duration: { amount: 2, unit: "days" } } },
            taskStep(),
          ],
        },
      })
    ).json().rule;
    const gone = await deal("Gone");
    const kept = await deal("Kept");
    await settle(t);
    await t.app.inject({ method: "DELETE", url: `/api/v1/deals/${gone}`, headers: f.admin });
    await settle(t);
    const byRecord = async () =>
      Object.fromEntries(
        (await runsOf(t, rule.id)).map((r) => [r.record_id, `${r.status}:${r.reason ?? ""}`]),
      );
    expect(await byRecord()).toEqual({ [gone]: "cancelled:record_deleted", [kept]: "waiting:" });
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/automations/${rule.id}`,
      headers: f.admin,
      payload: { enabled: false },
    });
    expect((await byRecord())[kept]).toBe("cancelled:rule_disabled");
    for (const r of await runsOf(t, rule.id)) await fastForward(t, r.id);
    await settle(t);
    expect(await tasksOf(kept)).toHaveLength(0);
  });

  it("test run shows what each step would do and changes nothing", async () => {
    const team = await createTeam(t.db, `RR ${Math.random()}`);
    await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "Dry",
        enabled: false,
        definition: {
          trigger: { kind: "recordCreated" },
          steps: [
            taskStep(),
            { id: "as", type: "assign", assignee: { kind: "roundRobin", teamId: team.id } },
            { id: "tag", type: "addTag", tag: "dry" },
            {
              id: "b",
              type: "branch",
              if: { filter: { field: "title", op: "eq", value: "Dry deal" } },
              thenSteps: [
                {
                  id: "n",
                  type: "notify",
                  recipients: [{ kind: "ruleOwner" }],
                  message: "hi {{record.title}}",
                },
              ],
              elseSteps: [],
            },
          ],
        },
      })
    ).json().rule;
    const id = await deal("Dry deal");
    const before = await t.db
      .selectFrom("change_events")
      .select(sql<string>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/automations/${rule.id}/test`,
      headers: f.admin,
      payload: { recordId: id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().conditionsMet).toBe(true);
    expect(res.json().steps.map((s: { stepId: string }) => s.stepId)).toEqual([
      "task",
      "as",
      "tag",
      "b",
      "n",
    ]);
    expect(res.json().steps[0].wouldDo).toBe("Create the task «Onboarding «Dry deal»»");
    const after = await t.db
      .selectFrom("change_events")
      .select(sql<string>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await tasksOf(id)).toHaveLength(0);
    expect(
      await t.db.selectFrom("automation_round_robin").selectAll().where("rule_id", "=", rule.id).execute(),
    ).toHaveLength(0);
    expect(await runsOf(t, rule.id)).toHaveLength(0);
  });
});
