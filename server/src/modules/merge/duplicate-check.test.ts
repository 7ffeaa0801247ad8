import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

type Match = { id: string; name: string; reason: string };

/** `POST /api/v1/duplicates/check`: the create path's duplicate rules on a form being filled in, no writes. */
describe("duplicate check while creating", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let outsider: Record<string, string>;
  let company: string;
  let contact: string;

  const check = (payload: object, headers = admin) =>
    t.app.inject({ method: "POST", url: "/api/v1/duplicates/check", headers, payload });
  const matches = async (payload: object, headers = admin): Promise<Match[]> => {
    const res = await check(payload, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().matches;
  };

  beforeAll(async () => {
    const team = await createTeam(t.db, "Dup team");
    const a = await createUser(t.db, { roleKey: "admin" });
    // Russian users type local numbers: 8 912 … is +7 912 …
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", a.id).execute();
    admin = await tokenHeaders(t.db, a.id);
    const m = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    manager = await tokenHeaders(t.db, m.id);
    outsider = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const c = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: manager,
      payload: {
        name: "Romashka Trading",
        addresses: [{ city: "Kazan" }],
        phones: [{ raw: "+7 912 345-67-89" }],
        emails: [{ value: "office@romashka.example" }],
        taxIds: [{ kind: "INN", value: "7707083893" }],
      },
    });
    expect(c.statusCode, c.body).toBe(201);
    company = c.json().id;
    const p = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: manager,
      payload: {
        firstName: "Svetlana",
        lastName: "Kuznetsova",
        address: { city: "Kazan" },
        emails: [{ value: "sveta@romashka.example" }],
      },
    });
    expect(p.statusCode, p.body).toBe(201);
    contact = p.json().id;
  });

  it("finds a company by tax id, email, a locally typed phone and a very similar name in the same city", async () => {
    const one = (candidate: object) => matches({ entity: "companies", candidate });
    expect(await one({ taxIds: [{ kind: "INN", value: "7707 083 893" }] })).toEqual([
      { id: company, name: "Romashka Trading", reason: "taxId" },
    ]);
    expect(await one({ emails: ["Office@Romashka.example"] })).toMatchObject([
      { id: company, reason: "email" },
    ]);
    expect(await one({ phones: ["8 (912) 345-67-89"] })).toMatchObject([{ id: company, reason: "phone" }]);
    expect(await one({ name: "Romashka Tradin", city: "kazan" })).toMatchObject([
      { id: company, reason: "name" },
    ]);
    // A similar name elsewhere, a different name, and values still being typed match nothing.
    expect(await one({ name: "Romashka Tradin", city: "Samara" })).toEqual([]);
    expect(await one({ name: "Vostok Logistics", city: "Kazan" })).toEqual([]);
    expect(
      await one({ phones: ["8 912"], emails: ["office@"], taxIds: [{ kind: "INN", value: "77070" }] }),
    ).toEqual([]);
    expect(await one({ name: "Ro" })).toEqual([]);
  });

  it("finds a contact by email and by the name parts in the same city", async () => {
    expect(
      await matches({ entity: "contacts", candidate: { emails: ["SVETA@romashka.example"] } }),
    ).toMatchObject([{ id: contact, reason: "email" }]);
    expect(
      await matches({
        entity: "contacts",
        candidate: { firstName: "Svetlana", lastName: "Kuznecova", city: "Kazan" },
      }),
    ).toMatchObject([{ id: contact, name: "Svetlana Kuznetsova", reason: "name" }]);
  });

  it("writes nothing", async () => {
    const count = async () => ({
      companies: (await t.db.selectFrom("companies").select("id").execute()).length,
      events: (await t.db.selectFrom("change_events").select("id").execute()).length,
    });
    const before = await count();
    await matches({ entity: "companies", candidate: { name: "Romashka Trading", city: "Kazan" } });
    expect(await count()).toEqual(before);
  });

  it("answers only within the caller's read scope and needs create permission", async () => {
    const candidate = { emails: ["office@romashka.example"] };
    expect(await matches({ entity: "companies", candidate }, manager)).toHaveLength(1);
    // Another team's sales manager cannot read the company: no hint that it exists.
    expect(await matches({ entity: "companies", candidate }, outsider)).toEqual([]);
    const reader = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "read_only" })).id);
    const refused = await check({ entity: "companies", candidate }, reader);
    expect(refused.statusCode).toBe(403);
    expect((await check({ entity: "companies", candidate }, {})).statusCode).toBe(401);
  });

  it("offers exactly the entities declaring the duplicateCheck capability; the route and service name none", async () => {
    for (const def of t.deps.entities.all()) {
      const res = await check({ entity: def.name, candidate: {} });
      expect([def.name, res.statusCode]).toEqual([def.name, def.capabilities.duplicateCheck ? 200 : 422]);
    }
    expect(t.deps.entities.names("duplicateCheck").length).toBeGreaterThan(0);
    for (const file of ["duplicate-check.ts", "routes.ts"]) {
      const source = await readFile(new URL(`./${file}`, import.meta.url), "utf8");
      for (const def of t.deps.entities.all())
        expect([file, source.includes(`"${def.name}"`)]).toEqual([file, false]);
    }
  });

  it("refuses malformed bodies with per-field 422s", async () => {
    const bad = async (payload: object, field: string) => {
      const res = await check(payload);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad({ entity: "deals", candidate: {} }, "body.entity");
    await bad(
      { entity: "contacts", candidate: { taxIds: [{ kind: "INN", value: "7707083893" }] } },
      "body.candidate.taxIds",
    );
    await bad({ entity: "companies", candidate: { firstName: "Ivan" } }, "body.candidate.firstName");
    await bad({ entity: "companies", candidate: { country: "Russia" } }, "body.candidate.country");
    await bad(
      { entity: "companies", candidate: { phones: Array(11).fill("+79123456789") } },
      "body.candidate.phones",
    );
    await bad({ entity: "companies", candidate: { fax: "1" } }, "body.candidate.fax");
  });
});
