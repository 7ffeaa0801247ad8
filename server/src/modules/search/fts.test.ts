import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { prefixTsQuery } from "./query.js";

interface Group {
  type: string;
  items: Array<{ id: string; title: string; score: number }>;
}

/** Full-text search: words in any order and as prefixes, across name and visible secondary text. */
describe("global search: full text", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  const ids: Record<string, string> = {};

  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: "POST", url, headers: admin, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const search = async (q: string, h = admin, types = "") => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/search?q=${encodeURIComponent(q)}${types}`,
      headers: h,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().groups as Group[];
  };
  const found = (groups: Group[], type: string) =>
    groups.find((g) => g.type === type)?.items.map((i) => i.id) ?? [];

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    ids.anna = await post("/api/v1/contacts", {
      firstName: "Anna",
      middleName: "Sergeevna",
      lastName: "Kuznetsova",
      position: "Chief Procurement Officer",
    });
    ids.acme = await post("/api/v1/companies", { name: "Acme" });
    ids.acmeTrading = await post("/api/v1/companies", { name: "Acme Trading" });
    ids.bigAcme = await post("/api/v1/companies", {
      name: "Big Acme Holding",
      legalName: "Zeta Industrial Group",
    });
    ids.deal = await post("/api/v1/deals", { title: "Annual steel supply contract", contactId: ids.anna });
  });

  it("builds a prefix tsquery from words only", () => {
    expect(prefixTsQuery("petrov ivan")).toBe("'petrov':* & 'ivan':*");
    expect(prefixTsQuery("o'brien & (x) | !y")).toBe("'o':* & 'brien':* & 'x':* & 'y':*");
    expect(prefixTsQuery(" :*& ")).toBeNull();
  });

  it("finds a record by several words in another order, and by word prefixes", async () => {
    expect(found(await search("Kuznetsova Anna"), "contacts")).toEqual([ids.anna]);
    expect(found(await search("kuzn serg ann"), "contacts")).toEqual([ids.anna]);
    expect(found(await search("Anna procurement"), "contacts")).toEqual([ids.anna]);
    expect(found(await search("supply annual"), "deals")).toEqual([ids.deal]);
    expect(found(await search("industrial zeta"), "companies")).toEqual([ids.bigAcme]);
    expect(found(await search("Boris Smirnov"), "contacts")).toEqual([]);
  });

  it("ranks an exact name over a prefix over a substring", async () => {
    const groups = await search("acme", admin, "&types=companies");
    const items = groups.find((g) => g.type === "companies")?.items ?? [];
    expect(items.map((i) => i.id)).toEqual([ids.acme, ids.acmeTrading, ids.bigAcme]);
    expect(items[0]?.score).toBeGreaterThan(items[1]?.score ?? 1);
    expect(items[1]?.score).toBeGreaterThan(items[2]?.score ?? 1);
    const reordered = await search("trading acme", admin, "&types=companies");
    expect(found(reordered, "companies")).toEqual([ids.acmeTrading]);
  });

  it("never matches on a field the role hides", async () => {
    const role = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: admin,
      payload: {
        name: "No positions",
        permissions: { "*": { read: "all" } },
        fieldRules: { contacts: { position: "hidden" }, companies: { legalName: "hidden" } },
      },
    });
    expect(role.statusCode, role.body).toBe(201);
    const viewer = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", viewer.id).execute();
    const vh = await tokenHeaders(t.db, viewer.id);
    expect(found(await search("Anna procurement", vh), "contacts")).toEqual([]);
    expect(found(await search("industrial zeta", vh), "companies")).toEqual([]);
    expect(found(await search("Kuznetsova Anna", vh), "contacts")).toEqual([ids.anna]);
  });

  it("stays inside the caller's read scope", async () => {
    const sm = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    expect(found(await search("Kuznetsova Anna", sm), "contacts")).toEqual([]);
    expect(found(await search("supply annual", sm), "deals")).toEqual([]);
  });
});
