import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { ensureCrmEntities, insertDeal, insertPipeline } from "../activities/test-records.js";
import { parseQuery } from "./query.js";

interface Group {
  type: string;
  items: Array<{
    id: string;
    title: string;
    subtitle: string | null;
    highlight: { field: string; value: string };
  }>;
}

describe("global search", () => {
  const t = useTestContext();
  let admin: { authorization: string };
  let adminId: string;
  let ivan: string;
  let company: string;

  beforeAll(async () => {
    ensureCrmEntities();
    const a = await createUser(t.db, { roleKey: "admin" });
    adminId = a.id;
    admin = await tokenHeaders(t.db, a.id);
    const post = async (url: string, payload: object) => {
      const res = await t.app.inject({ method: "POST", url, headers: admin, payload });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    };
    ivan = await post("/api/v1/contacts", {
      firstName: "Ivan",
      lastName: "Petrov",
      position: "Buyer",
      phones: [{ kind: "mobile", raw: "+7 (912) 345-67-89" }],
      emails: [{ kind: "work", value: "ivan.petrov@acme.example" }],
    });
    await post("/api/v1/contacts", {
      firstName: "Đorđe",
      lastName: "Jovanović",
      phones: [{ kind: "mobile", raw: "+381 64 7654321" }],
    });
    await post("/api/v1/contacts", { firstName: "Ivana", lastName: "Sidorova" });
    company = await post("/api/v1/companies", {
      name: "Romashka",
      legalName: "OOO Romashka Trade",
      taxIds: [{ country: "RU", kind: "INN", value: "7707083893" }],
      emails: [{ kind: "work", value: "office@romashka.example" }],
    });
    const pipeline = await insertPipeline(t.db);
    await insertDeal(t.db, adminId, pipeline, { title: "Romashka supply 2027" });
  });

  const search = async (q: string, h: Record<string, string> = admin, extra = "") => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`,
      headers: h,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().groups as Group[];
  };
  const ids = (groups: Group[], type: string) =>
    groups.find((g) => g.type === type)?.items.map((i) => i.id) ?? [];

  it("reads phone-like queries as phones, with the Russian trunk prefix", () => {
    expect(parseQuery("+7 (912) 345-67-89").phoneCore).toBe("9123456789");
    expect(parseQuery("89123456789").phoneCore).toBe("9123456789");
    expect(parseQuery("9123456789").phoneCore).toBe("9123456789");
    expect(parseQuery("345-67").phoneCore).toBe("34567");
    expect(parseQuery("Ivan 8").phoneCore).toBeNull();
    expect(parseQuery("12-3").phoneCore).toBeNull();
  });

  it("finds a contact by a phone in every format and by a fragment", async () => {
    for (const q of ["+7 (912) 345-67-89", "89123456789", "9123456789", "345-67", "+79123456789"]) {
      const groups = await search(q);
      expect(ids(groups, "contacts"), q).toEqual([ivan]);
      expect(groups.find((g) => g.type === "contacts")?.items[0]?.highlight).toMatchObject({
        field: "phone",
        value: "+7 (912) 345-67-89",
      });
    }
    expect(ids(await search("064 7654321"), "contacts")).toHaveLength(1);
  });

  it("tolerates a typo and ignores case and accents, ranking the closest first", async () => {
    expect(ids(await search("Petrof"), "contacts")).toEqual([ivan]);
    expect(ids(await search("ivan petrov"), "contacts")[0]).toBe(ivan);
    const accents = await search("djorde jovanovic");
    expect(accents.find((g) => g.type === "contacts")?.items.map((i) => i.title)).toEqual([
      "Đorđe Jovanović",
    ]);
    const ivans = await search("Ivan");
    expect(ids(ivans, "contacts").slice(0, 1)).toEqual([ivan]);
    expect(ids(ivans, "contacts")).toHaveLength(2);
  });

  it("finds companies by name, legal name, tax id and email, deals by title, grouped by type", async () => {
    const groups = await search("romashka");
    // Every searchable entity answers a group (the declared ones, e.g. products too).
    expect(groups.map((g) => g.type)).toEqual(t.deps.entities.names("search"));
    expect(groups.map((g) => g.type)).toEqual(expect.arrayContaining(["companies", "contacts", "deals"]));
    expect(ids(groups, "companies")).toEqual([company]);
    expect(groups.find((g) => g.type === "deals")?.items[0]).toMatchObject({
      title: "Romashka supply 2027",
      subtitle: "New",
    });
    expect(ids(await search("7707083893"), "companies")).toEqual([company]);
    expect(ids(await search("Trade"), "companies")).toEqual([company]);
    expect(ids(await search("office@romashka"), "companies")).toEqual([company]);
    const only = await search("romashka", admin, "&types=deals&limit=1");
    expect(only.map((g) => g.type)).toEqual(["deals"]);
  });

  it("only returns records in the caller's scope and never matches hidden fields", async () => {
    const team = await createTeam(t.db, "Search team");
    const m = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const h = await tokenHeaders(t.db, m.id);
    expect(ids(await search("Petrov", h), "contacts")).toEqual([]);
    expect(ids(await search("romashka", h), "deals")).toEqual([]);
    // A role that hides contact phones cannot find people by phone.
    const role = await t.db
      .insertInto("roles")
      .values({
        name: "No phones",
        permissions: JSON.stringify({ "*": { read: "all" } }),
        field_rules: JSON.stringify({ contacts: { phone: "hidden", phones: "hidden" } }),
        admin_permissions: [],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const viewer = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", viewer.id).execute();
    const vh = await tokenHeaders(t.db, viewer.id);
    expect(ids(await search("9123456789", vh), "contacts")).toEqual([]);
    expect(ids(await search("Petrov", vh), "contacts")).toEqual([ivan]);
  });

  it("validates the query", async () => {
    const short = await t.app.inject({ method: "GET", url: "/api/v1/search?q=a", headers: admin });
    expect(short.statusCode).toBe(422);
    const bad = await t.app.inject({
      method: "GET",
      url: "/api/v1/search?q=abc&types=planets",
      headers: admin,
    });
    expect(bad.statusCode).toBe(422);
    const anon = await t.app.inject({ method: "GET", url: "/api/v1/search?q=abc" });
    expect(anon.statusCode).toBe(401);
  });
});
