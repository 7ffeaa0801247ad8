import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, deleteRule, type Fixture, fixture, settle } from "./test-support.js";

describe("automation conditions on related records (the deal's company, the contact's owner)", () => {
  const t = useTestContext();
  let f: Fixture;
  let teamId: string;

  beforeAll(async () => {
    f = await fixture(t);
    teamId = (await createTeam(t.db, "Key accounts")).id;
    await t.db.updateTable("users").set({ team_id: teamId }).where("id", "=", f.adminId).execute();
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  const post = async (url: string, payload: object, headers = f.admin) => {
    const r = await t.app.inject({ method: "POST", url, headers, payload });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const tasksNamed = (title: string) =>
    t.db.selectFrom("tasks").select("title").where("title", "like", `${title}%`).execute();

  it("runs only when the linked company matches and the owner is in the team", async () => {
    const rule = await createRule(t, f.admin, {
      entity: "deals",
      name: "Key account deal",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        conditions: {
          related: [
            { via: "companyId", filter: { field: "industry", op: "eq", value: "Mining" } },
            { via: "ownerId", person: { teamIds: [teamId], active: true } },
          ],
        },
        steps: [
          { id: "t", type: "createTask", title: "Key {{record.title}}", assignee: { kind: "recordOwner" } },
        ],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const almaty = await post("/api/v1/companies", { name: "Steppe", industry: "Mining" });
    const other = await post("/api/v1/companies", { name: "Volga", industry: "Retail" });
    const outsider = await createUser(t.db, { roleKey: "admin" });
    await post("/api/v1/deals", { title: "A1", companyId: almaty });
    await post("/api/v1/deals", { title: "S1", companyId: other });
    await post("/api/v1/deals", { title: "A2", companyId: almaty, ownerId: outsider.id });
    await post("/api/v1/deals", {
      title: "N1",
      contactId: await post("/api/v1/contacts", { firstName: "Ann" }),
    });
    await settle(t);
    expect((await tasksNamed("Key ")).map((x) => x.title)).toEqual(["Key A1"]);
    // The test run says the same for a deal whose company does not match.
    const s1 = await t.db
      .selectFrom("deals")
      .select("id")
      .where("title", "=", "S1")
      .executeTakeFirstOrThrow();
    const preview = await t.app.inject({
      method: "POST",
      url: `/api/v1/automations/${rule.json().rule.id}/test`,
      headers: f.admin,
      payload: { recordId: s1.id },
    });
    expect(preview.json().conditionsMet).toBe(false);
    await deleteRule(t, f.admin, rule.json().rule.id);
  });

  it("matches any of a contact's companies (a many-to-many link)", async () => {
    const rule = await createRule(t, f.admin, {
      entity: "contacts",
      name: "Partner contact",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        conditions: {
          related: [{ via: "companies", filter: { field: "name", op: "eq", value: "Partner" } }],
        },
        steps: [
          {
            id: "t",
            type: "createTask",
            title: "Partner {{record.firstName}}",
            assignee: { kind: "ruleOwner" },
          },
        ],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const partner = await post("/api/v1/companies", { name: "Partner" });
    const plain = await post("/api/v1/companies", { name: "Plain" });
    await post("/api/v1/contacts", {
      firstName: "Both",
      companies: [{ companyId: plain }, { companyId: partner }],
    });
    await post("/api/v1/contacts", { firstName: "Only", companies: [{ companyId: plain }] });
    await post("/api/v1/contacts", { firstName: "None" });
    await settle(t);
    expect((await tasksNamed("Partner ")).map((x) => x.title)).toEqual(["Partner Both"]);
    await deleteRule(t, f.admin, rule.json().rule.id);
  });

  it("refuses at save unknown, hidden or non-relation fields, filters on hidden fields of the related entity, unknown teams", async () => {
    const role = await t.db
      .insertInto("roles")
      .values({
        name: `Related ${Math.random()}`,
        permissions: JSON.stringify({ "*": { "*": "all" } }),
        field_rules: JSON.stringify({ companies: { industry: "hidden" }, deals: { contactId: "hidden" } }),
        admin_permissions: ["automations.manage"],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", u.id).execute();
    const h = await tokenHeaders(t.db, u.id);
    const r = await createRule(t, h, {
      entity: "deals",
      name: "Bad",
      definition: {
        trigger: { kind: "recordCreated" },
        conditions: {
          related: [
            { via: "nope" },
            { via: "contactId", filter: {} },
            { via: "title" },
            { via: "companyId", filter: { field: "industry", op: "eq", value: "Mining" } },
            { via: "ownerId", person: { teamIds: [crypto.randomUUID()] } },
            { via: "companyId", person: { active: true } },
          ],
        },
        steps: [{ id: "t", type: "createTask", title: "x", assignee: { kind: "ruleOwner" } }],
      },
    });
    expect(r.statusCode, r.body).toBe(422);
    expect((r.json().errors as { field: string; code: string }[]).map((e) => `${e.field}:${e.code}`)).toEqual(
      [
        "definition.conditions.related.0.via:unknown_field",
        "definition.conditions.related.1.via:field_not_allowed",
        "definition.conditions.related.2.via:not_a_relation",
        "definition.conditions.related.3.filter.industry:field_not_allowed",
        "definition.conditions.related.4.person.teamIds:unknown_team",
        "definition.conditions.related.5.person:invalid_condition",
      ],
    );
  });
});
