import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** "Company's city": people found by the city of the companies they belong to. */
describe("contacts filtered by their company's city", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: "POST", url, headers: admin, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const list = (filter: object, headers = admin) =>
    t.app.inject({
      method: "GET",
      url: `/api/v1/contacts?limit=100&filter=${encodeURIComponent(JSON.stringify(filter))}`,
      headers,
    });
  const names = async (filter: object) => {
    const res = await list(filter);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Array<{ name: string }>).map((i) => i.name).sort();
  };
  const viewerWith = async (fieldRules: object) => {
    const role = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: admin,
      payload: { name: `Rules ${Math.random()}`, permissions: { "*": { read: "all" } }, fieldRules },
    });
    expect(role.statusCode, role.body).toBe(201);
    const viewer = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", viewer.id).execute();
    return tokenHeaders(t.db, viewer.id);
  };

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const moscow = await post("/api/v1/companies", {
      name: "Romashka",
      addresses: [{ kind: "legal", city: "Москва", street: "Тверская, 1" }],
    });
    const almaty = await post("/api/v1/companies", { name: "Kaspi", addresses: [{ city: "Алматы" }] });
    const gone = await post("/api/v1/companies", { name: "Closed", addresses: [{ city: "Тула" }] });
    await post("/api/v1/contacts", { firstName: "Ivan", companies: [{ companyId: moscow }] });
    await post("/api/v1/contacts", {
      firstName: "Aigerim",
      address: { city: "Астана" },
      companies: [{ companyId: almaty }, { companyId: moscow }],
    });
    await post("/api/v1/contacts", { firstName: "Petar", address: { city: "Москва" } });
    await post("/api/v1/contacts", { firstName: "Oleg", companies: [{ companyId: gone }] });
    const del = await t.app.inject({ method: "DELETE", url: `/api/v1/companies/${gone}`, headers: admin });
    expect(del.statusCode, del.body).toBeLessThan(300);
  });

  it("finds people whose own city is empty by the company's, in any letter case", async () => {
    // The person's own city finds only Petar; the company's city finds the company's people.
    expect(await names({ field: "city", op: "eq", value: "Москва" })).toEqual(["Petar"]);
    expect(await names({ field: "companiesCity", op: "contains", value: "москва" })).toEqual([
      "Aigerim",
      "Ivan",
    ]);
    expect(await names({ field: "companiesCity", op: "in", value: ["АЛМАТЫ", "Тула"] })).toEqual(["Aigerim"]);
    // A deleted company's city no longer counts.
    expect(await names({ field: "companiesCity", op: "isEmpty" })).toEqual(["Oleg", "Petar"]);
    // Either city: the person's or the company's.
    expect(
      await names({
        or: [
          { field: "city", op: "eq", value: "Москва" },
          { field: "companiesCity", op: "contains", value: "Москва" },
        ],
      }),
    ).toEqual(["Aigerim", "Ivan", "Petar"]);
  });

  it("is offered as a filter-only field, hidden when the role hides the memberships or the companies' city", async () => {
    const meta = await t.app.inject({
      method: "GET",
      url: "/api/v1/custom-fields/meta/contacts",
      headers: admin,
    });
    expect(meta.json().items.find((f: { key: string }) => f.key === "companiesCity")).toMatchObject({
      type: "text",
      filterOnly: true,
      sortable: false,
      operators: expect.arrayContaining(["contains", "in", "isEmpty"]),
    });
    for (const rules of [{ companies: { city: "hidden" } }, { contacts: { companies: "hidden" } }]) {
      const vh = await viewerWith(rules);
      const res = await list({ field: "companiesCity", op: "contains", value: "Москва" }, vh);
      expect(res.statusCode, JSON.stringify(rules)).toBe(422);
      expect(res.json().errors[0]).toMatchObject({
        field: "filter.companiesCity",
        code: "field_not_allowed",
      });
      const keys = (
        await t.app.inject({ method: "GET", url: "/api/v1/custom-fields/meta/contacts", headers: vh })
      )
        .json()
        .items.map((f: { key: string }) => f.key);
      expect(keys).not.toContain("companiesCity");
      expect(keys).toContain("city");
    }
  });
});
