import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, dealHelpers, type Fixture, fixture, runsOf, settle, taskStep } from "./test-support.js";

describe("automation runs on the record's timeline", () => {
  const t = useTestContext();
  let f: Fixture;
  const { deal, move } = dealHelpers(t, () => f);

  beforeAll(async () => {
    f = await fixture(t);
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  const timeline = (id: string, headers: Record<string, string>, query = "") =>
    t.app.inject({ method: "GET", url: `/api/v1/timeline/deals/${id}${query}`, headers });
  const runItems = (items: { event?: { event?: string } | null }[]) =>
    items.filter((i) => i.event?.event === "automation_run");

  it("shows 'rule X: moved to stage Y, created a task' to readers of the deal, not to others", async () => {
    const res = await createRule(t, f.admin, {
      entity: "deals",
      name: "Fast track",
      enabled: true,
      definition: {
        trigger: { kind: "stageEntered", stageId: f.stage("Proposal") },
        steps: [{ id: "move", type: "moveStage", stageId: f.stage("Negotiation") }, taskStep()],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ruleId = res.json().rule.id as string;
    const id = await deal("Turbines");
    const untouched = await deal("Pumps");
    expect((await move(id, f.stage("Proposal"))).statusCode).toBe(200);
    await settle(t);

    const page = await timeline(id, f.admin);
    expect(page.statusCode, page.body).toBe(200);
    const [item, ...more] = runItems(page.json().items);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      kind: "system",
      links: [{ entity: "deals", id }],
      event: {
        event: "automation_run",
        ruleId,
        rule: "Fast track",
        status: "succeeded",
        steps: [{ type: "moveStage", stage: "Negotiation" }, { type: "createTask" }],
      },
    });
    // Filtered by kind like other items; other deals' timelines do not show the run.
    expect(runItems((await timeline(id, f.admin, "?kinds=note")).json().items)).toEqual([]);
    expect(runItems((await timeline(untouched, f.admin)).json().items)).toEqual([]);

    // A manager who may read only their own deals sees neither the deal's timeline nor its runs.
    const outsider = await createUser(t.db, { roleKey: "sales_manager" });
    expect((await timeline(id, await tokenHeaders(t.db, outsider.id))).statusCode).toBe(404);
  });

  it("leaves out runs that did nothing (conditions not met)", async () => {
    const res = await createRule(t, f.admin, {
      entity: "deals",
      name: "Only big ones",
      enabled: true,
      definition: {
        trigger: { kind: "stageEntered", stageId: f.stage("Negotiation") },
        conditions: { filter: { field: "title", op: "eq", value: "Nothing matches this" } },
        steps: [taskStep()],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = await deal("Small one");
    await move(id, f.stage("Negotiation"));
    await settle(t);
    // The run exists (stopped), it just is not news on the deal.
    expect((await runsOf(t, res.json().rule.id)).map((r) => r.status)).toEqual(["stopped"]);
    const items = runItems((await timeline(id, f.admin)).json().items) as { event: { rule: string } }[];
    expect(items.map((i) => i.event.rule)).not.toContain("Only big ones");
  });
});
