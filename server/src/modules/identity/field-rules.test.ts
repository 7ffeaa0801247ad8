import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** Field rules of a role on tasks and activities, and the checks when a role is saved. */
describe("field rules on tasks and activities", () => {
  const t = useTestContext();

  async function setup() {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const adminHeaders = await tokenHeaders(t.db, admin.id);
    const role = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: adminHeaders,
      payload: {
        name: `Restricted ${crypto.randomUUID()}`,
        permissions: { "*": { read: "own", create: "own", update: "own", delete: "own" } },
        fieldRules: {
          tasks: { description: "hidden", priority: "readonly" },
          activities: { subject: "hidden", outcome: "readonly" },
        },
      },
    });
    expect(role.statusCode, role.body).toBe(201);
    const user = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", user.id).execute();
    return { headers: await tokenHeaders(t.db, user.id), adminHeaders, user };
  }

  it("hides and protects task fields in get, list, create, update and list filters", async () => {
    const { headers, adminHeaders, user } = await setup();
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers: adminHeaders,
      payload: { title: "Call back", type: "call", description: "Secret plan 4711", ownerId: user.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const get = await t.app.inject({ method: "GET", url: `/api/v1/tasks/${id}`, headers });
    expect(get.statusCode).toBe(200);
    expect(get.json()).not.toHaveProperty("description");
    expect(get.json().title).toBe("Call back");
    const list = await t.app.inject({ method: "GET", url: "/api/v1/tasks", headers });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain("4711");
    expect((list.json().items as { id: string }[]).map((i) => i.id)).toContain(id);
    const myDay = await t.app.inject({ method: "GET", url: "/api/v1/my-day", headers });
    expect(myDay.body).not.toContain("4711");

    const write = (method: "POST" | "PATCH", url: string, payload: object) =>
      t.app.inject({ method, url, headers, payload });
    const readonly = await write("PATCH", `/api/v1/tasks/${id}`, { priority: "urgent" });
    expect(readonly.statusCode).toBe(422);
    expect(readonly.json().errors[0]).toMatchObject({ field: "priority", code: "field_read_only" });
    const hidden = await write("PATCH", `/api/v1/tasks/${id}`, { description: "Overwritten" });
    expect(hidden.json().errors[0]).toMatchObject({ field: "description", code: "field_read_only" });
    const create = await write("POST", "/api/v1/tasks", { title: "Mine", type: "todo", description: "x" });
    expect(create.statusCode).toBe(422);
    const fine = await write("PATCH", `/api/v1/tasks/${id}`, { title: "Renamed" });
    expect(fine.statusCode).toBe(200);
    expect(fine.json()).not.toHaveProperty("description");
    const row = await t.db
      .selectFrom("tasks")
      .select(["description", "priority"])
      .where("id", "=", id)
      .executeTakeFirst();
    expect(row).toEqual({ description: "Secret plan 4711", priority: "normal" });

    const filter = encodeURIComponent(JSON.stringify({ field: "description", op: "contains", value: "47" }));
    const filtered = await t.app.inject({ method: "GET", url: `/api/v1/tasks?filter=${filter}`, headers });
    expect(filtered.statusCode).toBe(422);
    expect(filtered.json().errors[0]).toMatchObject({ code: "field_not_allowed" });
  });

  it("hides and protects activity fields in get, list, timeline, create and update", async () => {
    const { headers, adminHeaders, user } = await setup();
    const company = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: adminHeaders,
      payload: { name: "Field rule company", ownerId: user.id },
    });
    const companyId = company.json().id as string;
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/activities",
      headers: adminHeaders,
      payload: {
        kind: "call",
        subject: "Confidential 9182",
        direction: "out",
        ownerId: user.id,
        links: [{ entity: "companies", id: companyId }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const responses = [
      await t.app.inject({ method: "GET", url: `/api/v1/activities/${id}`, headers }),
      await t.app.inject({ method: "GET", url: "/api/v1/activities", headers }),
      await t.app.inject({ method: "GET", url: `/api/v1/timeline/companies/${companyId}`, headers }),
    ];
    for (const res of responses) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain("9182");
    }
    expect(responses[2]?.json().items.length).toBeGreaterThan(0);
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/activities/${id}`,
      headers,
      payload: { outcome: "reached" },
    });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().errors[0]).toMatchObject({ field: "outcome", code: "field_read_only" });
    const create = await t.app.inject({
      method: "POST",
      url: "/api/v1/activities",
      headers,
      payload: { kind: "note", body: "Hi", subject: "Sneaky" },
    });
    expect(create.statusCode).toBe(422);
    const sort = await t.app.inject({ method: "GET", url: "/api/v1/activities?sort=subject", headers });
    expect(sort.statusCode).toBe(422);
    expect(sort.json().errors[0]).toMatchObject({ code: "field_not_allowed" });
  });

  it("refuses a role whose field rules name no field of the entity", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const headers = await tokenHeaders(t.db, admin.id);
    const field = await t.app.inject({
      method: "POST",
      url: "/api/v1/custom-fields",
      headers,
      payload: { entity: "companies", key: "tier", label: "Tier", type: "text" },
    });
    expect(field.statusCode, field.body).toBe(201);
    const save = (fieldRules: object) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/roles",
        headers,
        payload: { name: `Rules ${crypto.randomUUID()}`, permissions: {}, fieldRules },
      });
    const bad = await save({
      deals: { amonut: "hidden" },
      companies: { "custom.tier": "hidden", "custom.nope": "readonly", emails: "hidden" },
      tasks: { title: "readonly", secretSauce: "hidden" },
      "*": { ownerId: "readonly", wings: "hidden" },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      (bad.json().errors as { field: string; code: string }[]).map((e) => [e.field, e.code]).sort(),
    ).toEqual(
      [
        ["body.fieldRules.*.wings", "unknown_field"],
        ["body.fieldRules.companies.custom.nope", "unknown_field"],
        ["body.fieldRules.deals.amonut", "unknown_field"],
        ["body.fieldRules.tasks.secretSauce", "unknown_field"],
      ].sort(),
    );
    const good = await save({
      companies: { "custom.tier": "hidden", emails: "hidden" },
      tasks: { title: "readonly" },
      activities: { subject: "hidden" },
      "*": { ownerId: "readonly" },
    });
    expect(good.statusCode, good.body).toBe(201);
  });
});
