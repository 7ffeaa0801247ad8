import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("companies API", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let managerId: string;
  let other: Record<string, string>;
  let support: Record<string, string>;

  beforeAll(async () => {
    const team = await createTeam(t.db, "North");
    const a = await createUser(t.db, { roleKey: "admin" });
    const m = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const o = await createUser(t.db, { roleKey: "sales_manager" });
    const s = await createUser(t.db, { roleKey: "support_agent" });
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", m.id).execute();
    managerId = m.id;
    admin = await tokenHeaders(t.db, a.id);
    manager = await tokenHeaders(t.db, m.id);
    other = await tokenHeaders(t.db, o.id);
    support = await tokenHeaders(t.db, s.id);
  });

  const post = (headers: Record<string, string>, payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/companies", headers, payload });

  it("creates a company with normalized phones, emails, tax ids and an audited change", async () => {
    const res = await post(manager, {
      name: "ООО Ромашка",
      types: ["customer", "partner"],
      taxIds: [
        { country: "RU", kind: "INN", value: "7707083893" },
        { kind: "PIB", value: "100001159" },
      ],
      phones: [{ kind: "work", raw: "8 (916) 123-45-67" }],
      emails: [{ kind: "work", value: "Info@Romashka.RU" }],
      addresses: [{ kind: "legal", country: "RU", city: "Москва", street: "Тверская, 1" }],
      website: "https://romashka.ru",
      tags: ["vip", "VIP", " b2b "],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      name: "ООО Ромашка",
      ownerId: managerId,
      phones: [{ kind: "work", raw: "8 (916) 123-45-67", e164: "+79161234567" }],
      emails: [{ kind: "work", value: "info@romashka.ru" }],
      tags: ["vip", "b2b"],
      warnings: [],
    });
    const events = await t.db.selectFrom("change_events").selectAll().where("entity_id", "=", c.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.changes).toMatchObject({ name: { before: null, after: "ООО Ромашка" } });
    const row = await t.db
      .selectFrom("companies")
      .selectAll()
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    expect(row.phone_e164).toEqual(["+79161234567"]);
    expect(row.phone_digits).toContain("9161234567");
    expect(row.tax_id_values).toEqual(["INN:7707083893", "PIB:100001159"]);
    expect(await t.db.selectFrom("tags").select("name").orderBy("name").execute()).toEqual([
      { name: "b2b" },
      { name: "vip" },
    ]);
  });

  it("warns about possible duplicates by phone, tax id and similar name in the same city", async () => {
    const res = await post(manager, {
      name: "ООО Ромашка!",
      phones: [{ raw: "+7 916 123 45 67" }],
      addresses: [{ city: "Москва" }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().warnings[0]).toMatchObject({
      code: "possible_duplicate",
      matches: [{ reason: "phone" }],
    });
    const byName = await post(manager, { name: "ООО Ромашка", addresses: [{ city: "Москва" }] });
    expect(byName.json().warnings[0].matches.length).toBeGreaterThanOrEqual(1);
    const elsewhere = await post(manager, { name: "ООО Ромашка", addresses: [{ city: "Казань" }] });
    expect(elsewhere.json().warnings).toEqual([]);
    // A user who cannot read the matches gets no hint about them.
    const hidden = await post(other, { name: "Other", taxIds: [{ kind: "INN", value: "7707083893" }] });
    expect(hidden.json().warnings).toEqual([]);
  });

  it("reports every invalid field and writes nothing", async () => {
    const before = await t.db.selectFrom("change_events").select("id").execute();
    const res = await post(manager, {
      name: "",
      taxIds: [
        { kind: "INN", value: "7707083894" },
        { kind: "BIN", value: "123" },
      ],
      phones: [{ raw: "12345" }],
      emails: [{ value: "not-an-email" }],
      website: "javascript:alert(1)",
      types: ["friend"],
      custom: { nope: 1 },
    });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(["body.name", "body.emails.0.value", "body.website", "body.types.0"]),
    );
    const res2 = await post(manager, {
      name: "Bad ids",
      taxIds: [
        { kind: "INN", value: "7707083894" },
        { kind: "BIN", value: "123" },
      ],
      phones: [{ raw: "12345" }],
      custom: { nope: 1 },
      parentCompanyId: "00000000-0000-4000-8000-000000000000",
    });
    expect(res2.statusCode).toBe(422);
    expect(
      res2
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual([
      "custom.nope:unknown_field",
      "parentCompanyId:link_not_found",
      "phones[0].raw:invalid_phone",
      "taxIds[0].value:invalid_tax_id",
      "taxIds[1].value:invalid_tax_id",
    ]);
    const huge = await post(manager, { name: "x".repeat(301) });
    expect(huge.statusCode).toBe(422);
    expect(await t.db.selectFrom("change_events").select("id").execute()).toHaveLength(before.length);
  });

  it("applies record scope: other users' companies answer 404, team members see them", async () => {
    const mine = (await post(other, { name: "Private Ltd" })).json();
    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/companies/${mine.id}`, headers: manager }))
        .statusCode,
    ).toBe(404);
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/companies/${mine.id}`,
      headers: manager,
      payload: { name: "x" },
    });
    expect(patch.statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/companies/${mine.id}`, headers: admin })).statusCode,
    ).toBe(200);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/companies?limit=100", headers: manager });
    expect(list.json().items.map((c: { name: string }) => c.name)).not.toContain("Private Ltd");
    // Support agents read everything but may only update their own.
    const sPatch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/companies/${mine.id}`,
      headers: support,
      payload: { name: "x" },
    });
    expect(sPatch.statusCode).toBe(403);
  });

  it("updates with a field-level diff, refuses parent cycles and reassigning outside the role", async () => {
    const a = (await post(manager, { name: "Parent Co" })).json();
    const b = (await post(manager, { name: "Child Co", parentCompanyId: a.id })).json();
    const cycle = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/companies/${a.id}`,
      headers: manager,
      payload: { parentCompanyId: b.id },
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().errors[0].code).toBe("parent_cycle");
    const upd = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/companies/${b.id}`,
      headers: manager,
      payload: { industry: "Retail", rating: "A" },
    });
    expect(upd.statusCode).toBe(200);
    const ev = await t.db
      .selectFrom("change_events")
      .selectAll()
      .where("entity_id", "=", b.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(ev.action).toBe("update");
    expect(ev.changes).toEqual({
      industry: { before: null, after: "Retail" },
      rating: { before: null, after: "A" },
    });
    const stranger = await createUser(t.db, { roleKey: "sales_manager" });
    const reassign = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/companies/${b.id}`,
      headers: manager,
      payload: { ownerId: stranger.id },
    });
    expect(reassign.statusCode).toBe(422);
    expect(reassign.json().errors[0]).toMatchObject({ field: "ownerId", code: "owner_not_allowed" });
  });

  it("soft-deletes and restores", async () => {
    const c = (await post(admin, { name: "Trash Me" })).json();
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/companies/${c.id}`, headers: admin })).statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/companies/${c.id}`, headers: admin })).statusCode,
    ).toBe(404);
    const trash = await t.app.inject({
      method: "GET",
      url: "/api/v1/companies?deleted=true",
      headers: admin,
    });
    expect(trash.json().items.map((x: { id: string }) => x.id)).toContain(c.id);
    const restored = await t.app.inject({
      method: "POST",
      url: `/api/v1/companies/${c.id}/restore`,
      headers: admin,
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
  });

  it("lists with filter, sort and cursor through HTTP and refuses bad filters with 422", async () => {
    const f = encodeURIComponent(JSON.stringify({ field: "types", op: "contains", value: "partner" }));
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/companies?filter=${f}&sort=-name`,
      headers: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { name: string }) => c.name)).toEqual(["ООО Ромашка"]);
    expect(res.json().total).toEqual({ count: 1, capped: false });
    const p1 = await t.app.inject({
      method: "GET",
      url: "/api/v1/companies?limit=2&sort=name",
      headers: admin,
    });
    const p2 = await t.app.inject({
      method: "GET",
      url: `/api/v1/companies?limit=2&sort=name&cursor=${p1.json().nextCursor}`,
      headers: admin,
    });
    expect(p2.statusCode).toBe(200);
    expect(p2.json().items[0].name >= p1.json().items[1].name).toBe(true);
    const bad = encodeURIComponent(
      JSON.stringify({ field: "name; drop table companies", op: "eq", value: 1 }),
    );
    const r422 = await t.app.inject({
      method: "GET",
      url: `/api/v1/companies?filter=${bad}`,
      headers: admin,
    });
    expect(r422.statusCode).toBe(422);
    expect(r422.json().errors[0].code).toBe("unknown_field");
  });
  it("documents the filter grammar and every CRM route in OpenAPI", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const params = doc.paths["/api/v1/companies"].get.parameters as Array<{
      name: string;
      description?: string;
    }>;
    expect(params.find((p) => p.name === "filter")?.description).toContain("relative");
    for (const [path, method] of [
      ["/api/v1/contacts", "post"],
      ["/api/v1/deals/{id}/move", "post"],
      ["/api/v1/pipelines/{id}/board", "get"],
      ["/api/v1/pipelines/{id}/stages/{stageId}/move-deals", "post"],
      ["/api/v1/custom-fields/{id}/purge", "post"],
      ["/api/v1/views", "get"],
      ["/api/v1/tags/{id}", "patch"],
    ]) {
      expect(doc.paths[path as string]?.[method as string], `${method} ${path}`).toBeDefined();
    }
  });
});
