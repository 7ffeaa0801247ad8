import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("contacts API", () => {
  const t = useTestContext();
  let manager: Record<string, string>;
  let other: Record<string, string>;
  let restricted: Record<string, string>;
  let companyId: string;
  let foreignCompanyId: string;

  beforeAll(async () => {
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    const o = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ language: "sr" }).where("id", "=", m.id).execute();
    const role = await t.db
      .insertInto("roles")
      .values({
        name: "No birthdays",
        permissions: JSON.stringify({
          contacts: { read: "all", update: "all", create: "own" },
          companies: { read: "all" },
        }),
        field_rules: JSON.stringify({ contacts: { birthday: "hidden", source: "readonly" } }),
        admin_permissions: [],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const r = await createUser(t.db, {});
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", r.id).execute();
    manager = await tokenHeaders(t.db, m.id);
    other = await tokenHeaders(t.db, o.id);
    restricted = await tokenHeaders(t.db, r.id);
    const co = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: manager,
      payload: { name: "Jugo d.o.o." },
    });
    companyId = co.json().id;
    const fo = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: other,
      payload: { name: "Elsewhere" },
    });
    foreignCompanyId = fo.json().id;
  });

  const post = (headers: Record<string, string>, payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/contacts", headers, payload });

  it("creates a contact with memberships, local phone numbers and consent", async () => {
    const res = await post(manager, {
      firstName: "Milica",
      lastName: "Petrović",
      companies: [{ companyId, role: "Direktor" }],
      phones: [{ kind: "mobile", raw: "064 123 4567" }],
      emails: [{ value: "Milica@Jugo.rs" }],
      messengers: [{ kind: "viber", handle: "+381641234567" }],
      birthday: "1990-04-12",
      consent: { emailMarketing: { granted: true } },
      source: "fair",
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      name: "Milica Petrović",
      companies: [{ companyId, name: "Jugo d.o.o.", role: "Direktor", isPrimary: true }],
      phones: [{ e164: "+381641234567" }],
      emails: [{ value: "milica@jugo.rs" }],
      consent: { emailMarketing: { granted: true, origin: "manual" } },
    });
    expect(c.consent.emailMarketing.at).toMatch(/^\d{4}-/);
    const dup = await post(manager, {
      firstName: "M.",
      lastName: "P.",
      emails: [{ value: "MILICA@jugo.rs" }],
    });
    expect(dup.json().warnings[0].matches[0]).toMatchObject({ id: c.id, reason: "email" });
  });

  it("refuses invalid values and links to companies the user cannot read", async () => {
    const res = await post(manager, {
      firstName: "X",
      phones: [{ raw: "+1 000" }],
      companies: [{ companyId: foreignCompanyId }],
      birthday: "1990-02-30",
    });
    expect(res.statusCode).toBe(422);
    const res2 = await post(manager, {
      firstName: "X",
      phones: [{ raw: "+1 000" }],
      companies: [{ companyId: foreignCompanyId }],
    });
    expect(
      res2
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual(["companies[0].companyId:link_not_found", "phones[0].raw:invalid_phone"]);
    const noName = await post(manager, { position: "CEO" });
    expect(noName.statusCode).toBe(422);
  });

  it("filters people by company and by phone fragment", async () => {
    const byCompany = await t.app.inject({
      method: "GET",
      url: `/api/v1/contacts?companyId=${companyId}`,
      headers: manager,
    });
    expect(byCompany.json().items.map((c: { name: string }) => c.name)).toEqual(["Milica Petrović"]);
    const f = encodeURIComponent(JSON.stringify({ field: "phone", op: "contains", value: "1234567" }));
    const byPhone = await t.app.inject({
      method: "GET",
      url: `/api/v1/contacts?filter=${f}`,
      headers: manager,
    });
    expect(byPhone.json().total.count).toBe(1);
  });

  it("hides fields by role in responses and filters and refuses read-only writes", async () => {
    const list = await t.app.inject({ method: "GET", url: "/api/v1/contacts", headers: restricted });
    expect(list.statusCode).toBe(200);
    const first = list.json().items.find((c: { name: string }) => c.name === "Milica Petrović");
    expect(first).toBeDefined();
    expect(first).not.toHaveProperty("birthday");
    expect(first.source).toBe("fair");
    const f = encodeURIComponent(JSON.stringify({ field: "birthday", op: "eq", value: "1990-04-12" }));
    const byBirthday = await t.app.inject({
      method: "GET",
      url: `/api/v1/contacts?filter=${f}`,
      headers: restricted,
    });
    expect(byBirthday.statusCode).toBe(422);
    expect(byBirthday.json().errors[0]).toMatchObject({
      field: "filter.birthday",
      code: "field_not_allowed",
    });
    const sorted = await t.app.inject({
      method: "GET",
      url: "/api/v1/contacts?sort=birthday",
      headers: restricted,
    });
    expect(sorted.statusCode).toBe(422);
    const write = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/contacts/${first.id}`,
      headers: restricted,
      payload: { source: "web", position: "Boss" },
    });
    expect(write.statusCode).toBe(422);
    expect(write.json().errors).toEqual([
      expect.objectContaining({ field: "source", code: "field_read_only" }),
    ]);
  });

  it("updates memberships with a diff and soft-deletes", async () => {
    const c = (await post(manager, { lastName: "Иванов", firstName: "Иван" })).json();
    const upd = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/contacts/${c.id}`,
      headers: manager,
      payload: { companies: [{ companyId, role: "Buyer" }], middleName: "Иванович" },
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().name).toBe("Иван Иванович Иванов");
    const ev = await t.db
      .selectFrom("change_events")
      .selectAll()
      .where("entity_id", "=", c.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(Object.keys(ev.changes).sort()).toEqual(["companies", "middleName"]);
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/contacts/${c.id}`, headers: manager }))
        .statusCode,
    ).toBe(403);
  });
});
