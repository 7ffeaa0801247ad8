import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** Every custom field type through the API: valid values stored normalized, invalid ones refused with 422. */
describe("custom field types", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let otherManager: Record<string, string>;
  let managerId: string;
  let inactiveId: string;

  const define = (payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/custom-fields", headers: admin, payload });
  const contact = (custom: object, headers = manager) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers,
      payload: { firstName: "Typed", custom },
    });
  /** A deal of a company the same user creates (a deal needs a company or a contact they can see). */
  const deal = async (headers: Record<string, string>, title: string) => {
    const company = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers,
      payload: { name: `${title} customer` },
    });
    expect(company.statusCode, company.body).toBe(201);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers,
      payload: { title, companyId: company.json().id },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const list = (filter: object) =>
    t.app.inject({
      method: "GET",
      url: `/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify(filter))}`,
      headers: manager,
    });
  const errorOf = async (custom: object) => {
    const res = await contact(custom);
    expect(res.statusCode, res.body).toBe(422);
    return res.json().errors as Array<{ field: string; code: string }>;
  };

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    managerId = m.id;
    manager = await tokenHeaders(t.db, m.id);
    otherManager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const inactive = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", inactive.id).execute();
    inactiveId = inactive.id;
    const fields: object[] = [
      { key: "bio", type: "longText" },
      { key: "budget", type: "money", filterable: true },
      { key: "since", type: "date", filterable: true },
      { key: "metAt", type: "dateTime", filterable: true },
      { key: "vip", type: "boolean", filterable: true },
      {
        key: "langs",
        type: "multiSelect",
        filterable: true,
        options: [
          { value: "en", label: "English" },
          { value: "ru", label: "Russian" },
        ],
      },
      { key: "altEmail", type: "email", filterable: true },
      { key: "altPhone", type: "phone" },
      { key: "site", type: "url" },
      { key: "buddy", type: "user", filterable: true },
      { key: "mainDeal", type: "link", linkEntity: "deals", filterable: true },
    ];
    for (const f of fields) {
      const res = await define({ entity: "contacts", label: "F", ...f });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it("stores valid values of every type normalized", async () => {
    const dealId = await deal(manager, "Own deal");
    const res = await contact({
      bio: "x".repeat(5000),
      budget: "1234.50",
      since: "2024-02-29",
      metAt: "2024-03-01T10:00:00+03:00",
      vip: true,
      langs: ["en", "ru", "en"],
      altEmail: " Someone@Example.COM ",
      altPhone: "+7 (916) 123-45-67",
      site: "https://example.com/a?b=1",
      buddy: managerId,
      mainDeal: dealId,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().custom).toMatchObject({
      budget: "1234.50",
      since: "2024-02-29",
      metAt: "2024-03-01T07:00:00.000Z",
      vip: true,
      langs: ["en", "ru"],
      altEmail: "someone@example.com",
      altPhone: "+79161234567",
      site: "https://example.com/a?b=1",
      buddy: managerId,
      mainDeal: dealId,
    });
  });

  it.each([
    ["bio", "x".repeat(20_001)],
    ["bio", 12],
    ["budget", "10.505"],
    ["budget", 10.5],
    ["since", "2024-13-01"],
    ["since", "01.02.2024"],
    ["metAt", "2024-03-01T10:00:00"],
    ["vip", "yes"],
    ["langs", ["en", "de"]],
    ["langs", "en"],
    ["altEmail", "not-an-email"],
    ["altPhone", "12"],
    ["site", "ftp://example.com/file"],
    ["site", "javascript:alert(1)"],
    ["buddy", "not-a-uuid"],
    ["mainDeal", "not-a-uuid"],
  ])("refuses invalid value #%# of %s with 422 and writes nothing", async (key, value) => {
    const before = await t.db
      .selectFrom("contacts")
      .select(t.db.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const errors = await errorOf({ [key]: value });
    expect(errors).toEqual([expect.objectContaining({ field: `custom.${key}`, code: "invalid_value" })]);
    const after = await t.db
      .selectFrom("contacts")
      .select(t.db.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses a link to a record the caller cannot read or that is deleted, and an inactive user", async () => {
    const foreign = await deal(otherManager, "Someone else's deal");
    expect(await errorOf({ mainDeal: foreign })).toEqual([
      expect.objectContaining({ field: "custom.mainDeal", code: "link_not_found" }),
    ]);
    const gone = await deal(manager, "Deleted deal");
    const del = await t.app.inject({ method: "DELETE", url: `/api/v1/deals/${gone}`, headers: admin });
    expect(del.statusCode, del.body).toBeLessThan(300);
    expect(await errorOf({ mainDeal: gone })).toEqual([
      expect.objectContaining({ field: "custom.mainDeal", code: "link_not_found" }),
    ]);
    expect(await errorOf({ mainDeal: crypto.randomUUID() })).toEqual([
      expect.objectContaining({ field: "custom.mainDeal", code: "link_not_found" }),
    ]);
    expect(await errorOf({ buddy: inactiveId })).toEqual([
      expect.objectContaining({ field: "custom.buddy", code: "invalid_user" }),
    ]);
    expect(await errorOf({ buddy: crypto.randomUUID() })).toEqual([
      expect.objectContaining({ field: "custom.buddy", code: "invalid_user" }),
    ]);
    // The same check on update.
    const ok = await contact({});
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/contacts/${ok.json().id}`,
      headers: manager,
      payload: { custom: { mainDeal: foreign } },
    });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().errors[0]).toMatchObject({ field: "custom.mainDeal", code: "link_not_found" });
  });

  it("filters on typed custom values with typed operators", async () => {
    const dealId = await deal(manager, "Filter deal");
    const a = await contact({
      budget: "500.00",
      since: "2020-01-10",
      metAt: "2020-01-10T12:00:00Z",
      vip: false,
      langs: ["ru"],
      altEmail: "filter-a@example.com",
      buddy: managerId,
      mainDeal: dealId,
    });
    const b = await contact({
      budget: "99.99",
      since: "2021-06-01",
      metAt: "2021-06-01T12:00:00Z",
      vip: false,
      langs: ["en"],
      altEmail: "filter-b@example.com",
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(b.statusCode, b.body).toBe(201);
    const ids = async (filter: object) => {
      const res = await list(filter);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as Array<{ id: string }>).map((c) => c.id);
    };
    const [aId, bId] = [a.json().id, b.json().id];
    expect(await ids({ field: "custom.budget", op: "gt", value: 100 })).toContain(aId);
    expect(await ids({ field: "custom.budget", op: "gt", value: 100 })).not.toContain(bId);
    expect(await ids({ field: "custom.since", op: "between", value: ["2021-01-01", "2021-12-31"] })).toEqual([
      bId,
    ]);
    expect(await ids({ field: "custom.metAt", op: "lt", value: "2020-06-01T00:00:00Z" })).toEqual([aId]);
    const notVip = await ids({ field: "custom.vip", op: "eq", value: false });
    expect(notVip).toEqual(expect.arrayContaining([aId, bId]));
    expect(await ids({ field: "custom.langs", op: "contains", value: "ru" })).toContain(aId);
    expect(await ids({ field: "custom.langs", op: "contains", value: "ru" })).not.toContain(bId);
    expect(await ids({ field: "custom.altEmail", op: "startsWith", value: "filter-b" })).toEqual([bId]);
    const buddies = await ids({ field: "custom.buddy", op: "eq", value: managerId });
    expect(buddies).toContain(aId);
    expect(buddies).not.toContain(bId);
    expect(await ids({ field: "custom.mainDeal", op: "eq", value: dealId })).toEqual([aId]);
    const wrongType = await list({ field: "custom.budget", op: "gt", value: "lots" });
    expect(wrongType.statusCode).toBe(422);
    const wrongOp = await list({ field: "custom.vip", op: "gt", value: true });
    expect(wrongOp.statusCode).toBe(422);
  });
});
