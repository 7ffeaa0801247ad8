import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runExport } from "../exports/service.js";

/**
 * A list's quick search (`?q=`) finds what global search finds for the entity — name, email (also a domain),
 * phone fragments as typed, a contact's company — because both use the provider's one `match` predicate.
 */
describe("list quick search", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let seller: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    seller = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const post = async (url: string, payload: object, headers = admin) => {
      const res = await t.app.inject({ method: "POST", url, headers, payload });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    };
    ids.acme = await post("/api/v1/companies", {
      name: "Espinoza-Francis Outfitters",
      emails: [{ kind: "work", value: "office@espinoza-francis.net" }],
      phones: [{ kind: "work", raw: "+1-424-555-0199" }],
    });
    ids.fedorov = await post("/api/v1/contacts", {
      firstName: "Пётр",
      lastName: "Фёдоров",
      emails: [{ kind: "work", value: "pf@espinoza-francis.net" }],
      phones: [{ kind: "work", raw: "+1-424-237-0336x51924" }],
      companies: [{ companyId: ids.acme, isPrimary: true }],
    });
    ids.other = await post("/api/v1/contacts", {
      firstName: "Anna",
      lastName: "Lee",
      emails: [{ kind: "work", value: "anna@lee.example" }],
    });
    // The seller's own contact works for a company only the admin may read.
    ids.hidden = await post("/api/v1/companies", { name: "Zeta Hidden Holdings" });
    ids.sellers = await post(
      "/api/v1/contacts",
      { firstName: "Seller", lastName: "Contact", companies: [] },
      seller,
    );
    await t.db
      .insertInto("contact_companies")
      .values({ contact_id: ids.sellers, company_id: ids.hidden, is_primary: true })
      .execute();
  });

  const list = async (entity: string, q: string, headers = admin, extra = "") => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/${entity}?q=${encodeURIComponent(q)}${extra}`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: string }[]).map((i) => i.id);
  };
  const global = async (q: string) => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/search?q=${encodeURIComponent(q)}`,
      headers: admin,
    });
    return (res.json().groups as { type: string; items: { id: string }[] }[]).flatMap((g) =>
      g.items.map((i) => `${g.type}:${i.id}`),
    );
  };

  it("finds contacts by name (ё folded), email domain, phone fragment as typed and company name", async () => {
    for (const q of [
      "Федоров",
      "фёдоров",
      "espinoza-francis.net",
      "237-0336",
      "(424) 237",
      "Espinoza-Francis",
    ]) {
      expect(await list("contacts", q), q).toEqual([ids.fedorov]);
      // Global search finds the same contact with the same text.
      expect(await global(q), q).toContain(`contacts:${ids.fedorov}`);
    }
    expect(await list("contacts", "lee.example")).toEqual([ids.other]);
    expect(await list("contacts", "nobody-here")).toEqual([]);
  });

  it("combines with the filter, counts, and serves companies, deals' titles and products", async () => {
    const filter = encodeURIComponent(JSON.stringify({ field: "lastName", op: "eq", value: "Lee" }));
    expect(await list("contacts", "espinoza", admin, `&filter=${filter}`)).toEqual([]);
    const res = await t.app.inject({ method: "GET", url: "/api/v1/contacts?q=espinoza", headers: admin });
    expect(res.json().total).toEqual({ count: 1, capped: false });
    expect(await list("companies", "office@espinoza")).toEqual([ids.acme]);
    expect(await list("companies", "555-0199")).toEqual([ids.acme]);
    expect(await list("deals", "espinoza")).toEqual([]);
  });

  it("exports what the quick-searched list shows", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/exports",
      headers: admin,
      payload: { entity: "contacts", format: "csv", q: "espinoza-francis.net", columns: ["name"] },
    });
    expect(res.statusCode, res.body).toBe(202);
    await runExport(t.db, res.json().id);
    const file = await t.app.inject({
      method: "GET",
      url: `/api/v1/exports/${res.json().id}/download`,
      headers: admin,
    });
    expect(file.rawPayload.toString("utf8").trim().split(/\r?\n/).slice(1)).toEqual(["Пётр Фёдоров"]);
  });

  it("never matches through a company the user may not read, and refuses q on a list without search", async () => {
    expect(await list("contacts", "Zeta Hidden", seller)).toEqual([]);
    expect(await list("contacts", "Zeta Hidden", admin)).toEqual([ids.sellers]);
    const tasks = await t.app.inject({ method: "GET", url: "/api/v1/tasks?q=x", headers: admin });
    expect(tasks.statusCode).toBe(422);
  });
});
