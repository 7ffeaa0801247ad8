import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import {
  createRule,
  dealHelpers,
  deleteRule,
  type Fixture,
  fixture,
  redeliver,
  runsOf,
  settle,
} from "./test-support.js";

describe("automation step: create a related record through the entity definitions", () => {
  const t = useTestContext();
  let f: Fixture;
  const { deal, tasksOf } = dealHelpers(t, () => f);

  beforeAll(async () => {
    f = await fixture(t);
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  const company = async (name: string) => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: f.admin,
      payload: { name },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };

  it("creates a deal linked to a new company, values from variables, once even when the event is redelivered", async () => {
    const rule = await createRule(t, f.admin, {
      entity: "companies",
      name: "Onboarding deal",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [
          {
            id: "d",
            type: "createRecord",
            entity: "deals",
            values: { title: "Onboarding {{record.name}}", ownerId: "{{record.ownerId}}", source: "rule" },
          },
        ],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const id = await company("Vega LLC");
    await settle(t);
    await redeliver(t);
    const deals = await t.db
      .selectFrom("deals")
      .select(["id", "title", "owner_id", "source"])
      .where("company_id", "=", id)
      .execute();
    expect(deals.map((d) => [d.title, d.owner_id, d.source])).toEqual([
      ["Onboarding Vega LLC", f.adminId, "rule"],
    ]);
    const [run] = await runsOf(t, rule.json().rule.id);
    expect(run?.status).toBe("succeeded");
    const log = await t.db
      .selectFrom("automation_run_steps")
      .select("output")
      .where("run_id", "=", run?.id as string)
      .executeTakeFirstOrThrow();
    expect(log.output).toEqual({ entity: "deals", id: deals[0]?.id });
    // Audited as the rule's change.
    const ev = await t.db
      .selectFrom("change_events")
      .select("automation")
      .where("entity", "=", "deals")
      .where("entity_id", "=", deals[0]?.id as string)
      .executeTakeFirstOrThrow();
    expect(ev.automation).toMatchObject({ ruleName: "Onboarding deal" });
    await deleteRule(t, f.admin, rule.json().rule.id);
  });

  it("creates a task and a contact linked the way their definitions say; the test run shows the body", async () => {
    const task = await createRule(t, f.admin, {
      entity: "deals",
      name: "Kick-off",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [
          { id: "t", type: "createRecord", entity: "tasks", values: { title: "Kick-off {{record.title}}" } },
        ],
      },
    });
    expect(task.statusCode, task.body).toBe(201);
    const d = await deal("Turbines");
    await settle(t);
    expect((await tasksOf(d)).map((x) => x.title)).toEqual(["Kick-off Turbines"]);
    const preview = await t.app.inject({
      method: "POST",
      url: `/api/v1/automations/${task.json().rule.id}/test`,
      headers: f.admin,
      payload: { recordId: d },
    });
    expect(preview.json().steps[0]).toMatchObject({
      stepType: "createRecord",
      detail: { entity: "tasks", title: "Kick-off Turbines", links: [{ entity: "deals", id: d }] },
    });
    await deleteRule(t, f.admin, task.json().rule.id);

    const contact = await createRule(t, f.admin, {
      entity: "companies",
      name: "Reception",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [{ id: "c", type: "createRecord", entity: "contacts", values: { firstName: "Reception" } }],
      },
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const c = await company("Orion");
    await settle(t);
    const members = await t.db
      .selectFrom("contact_companies as m")
      .innerJoin("contacts as p", "p.id", "m.contact_id")
      .select("p.first_name")
      .where("m.company_id", "=", c)
      .execute();
    expect(members.map((m) => m.first_name)).toEqual(["Reception"]);
    await deleteRule(t, f.admin, contact.json().rule.id);
  });

  it("refuses at save what cannot be created, linked, read or changed; a failing create fails the run", async () => {
    const role = await t.db
      .insertInto("roles")
      .values({
        name: `Creator ${Math.random()}`,
        permissions: JSON.stringify({ "*": { "*": "all" }, products: { create: "none" } }),
        field_rules: JSON.stringify({ deals: { amount: "hidden", probability: "readonly" } }),
        admin_permissions: ["automations.manage"],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", u.id).execute();
    const h = await tokenHeaders(t.db, u.id);
    const codes = async (step: object, entity = "companies") => {
      const r = await createRule(t, h, {
        entity,
        name: "Bad",
        definition: {
          trigger: { kind: "recordCreated" },
          steps: [{ id: "s", type: "createRecord", ...step }],
        },
      });
      expect(r.statusCode, r.body).toBe(422);
      return (r.json().errors as { field: string; code: string }[]).map((e) => `${e.field}:${e.code}`);
    };
    expect(await codes({ entity: "pipelines", values: {} })).toEqual([
      "definition.steps.0.entity:step_not_available",
    ]);
    expect(await codes({ entity: "deals", values: {} })).toEqual([
      "definition.steps.0.values.title:required",
    ]);
    expect(
      await codes({ entity: "deals", values: { title: "x", nope: 1, probability: 5, amount: "1" } }),
    ).toEqual([
      "definition.steps.0.values.probability:field_read_only",
      "definition.steps.0.values.amount:field_not_allowed",
      "definition.steps.0.values.nope:unknown_field",
    ]);
    expect(await codes({ entity: "deals", values: { title: "{{record.nope}}", probability: 300 } })).toEqual([
      "definition.steps.0.values.title:unknown_variable",
      "definition.steps.0.values.probability:field_read_only",
      "definition.steps.0.values.probability:invalid_value",
    ]);
    expect(await codes({ entity: "contacts", values: { firstName: "A" } }, "deals")).toEqual([
      "definition.steps.0.link:not_linkable",
    ]);

    // A create the target service refuses (a deal needs a company or contact) fails the run with its reason.
    const rule = await createRule(t, f.admin, {
      entity: "companies",
      name: "Unlinked deal",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [{ id: "d", type: "createRecord", entity: "deals", link: false, values: { title: "Loose" } }],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    await company("Lyra");
    await settle(t);
    const [run] = await runsOf(t, rule.json().rule.id);
    expect(run?.status).toBe("failed");
    expect(await t.db.selectFrom("deals").select("id").where("title", "=", "Loose").execute()).toHaveLength(
      0,
    );
  });
});
