import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** List filters on the structured standard fields: e-mails, tax ids, messengers, consent, memberships. */
describe("filters on list-valued and structured standard fields", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  const ids: Record<string, string> = {};

  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: "POST", url, headers: admin, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const list = async (entity: string, filter: object, headers = admin) => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/${entity}?limit=100&filter=${encodeURIComponent(JSON.stringify(filter))}`,
      headers,
    });
    return res;
  };
  const names = async (entity: string, filter: object) => {
    const res = await list(entity, filter);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Array<{ name: string }>).map((i) => i.name).sort();
  };

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    ids.alpha = await post("/api/v1/companies", {
      name: "Alpha",
      emails: [{ value: "Sales@Alpha.example" }, { kind: "other", value: "info@alpha.example" }],
      taxIds: [{ country: "RU", kind: "INN", value: "7707083893" }],
    });
    ids.beta = await post("/api/v1/companies", {
      name: "Beta",
      emails: [{ value: "info@beta.example" }],
      taxIds: [{ country: "RS", kind: "PIB", value: "100001159" }],
    });
    ids.gamma = await post("/api/v1/companies", { name: "Gamma" });
    await post("/api/v1/contacts", {
      firstName: "Ivan",
      emails: [{ value: "ivan@alpha.example" }],
      messengers: [{ kind: "telegram", handle: "@IvanT" }],
      consent: { emailMarketing: { granted: true }, smsMarketing: { granted: false } },
      companies: [{ companyId: ids.alpha }, { companyId: ids.beta }],
    });
    await post("/api/v1/contacts", {
      firstName: "Olga",
      emails: [{ value: "olga@beta.example" }, { value: "olga@home.example" }],
      messengers: [{ kind: "whatsapp", handle: "+381641234567" }],
      consent: { emailMarketing: { granted: false } },
      companies: [{ companyId: ids.beta }],
    });
    await post("/api/v1/contacts", { firstName: "Petar" });
  });

  it("filters companies by any of their e-mails, case-insensitively, and by emptiness", async () => {
    expect(
      await names("companies", { field: "emails", op: "contains", value: "SALES@alpha.example" }),
    ).toEqual(["Alpha"]);
    expect(
      await names("companies", {
        field: "emails",
        op: "in",
        value: ["info@beta.example", "info@alpha.example"],
      }),
    ).toEqual(["Alpha", "Beta"]);
    // eq: exactly this set of addresses.
    expect(await names("companies", { field: "emails", op: "eq", value: ["info@beta.example"] })).toEqual([
      "Beta",
    ]);
    expect(await names("companies", { field: "emails", op: "eq", value: ["info@alpha.example"] })).toEqual(
      [],
    );
    expect(await names("companies", { field: "emails", op: "isEmpty" })).toEqual(["Gamma"]);
    expect(await names("companies", { field: "emails", op: "isNotEmpty" })).toEqual(["Alpha", "Beta"]);
    expect(await names("companies", { field: "emails", op: "notIn", value: ["info@beta.example"] })).toEqual([
      "Alpha",
      "Gamma",
    ]);
  });

  it("filters companies by tax id (KIND:value)", async () => {
    expect(await names("companies", { field: "taxIds", op: "contains", value: " INN:7707083893 " })).toEqual([
      "Alpha",
    ]);
    expect(await names("companies", { field: "taxIds", op: "contains", value: "INN:100001159" })).toEqual([]);
    expect(await names("companies", { field: "taxIds", op: "isEmpty" })).toEqual(["Gamma"]);
  });

  it("filters contacts by e-mail, messenger handle, consent and company membership", async () => {
    expect(await names("contacts", { field: "emails", op: "contains", value: "OLGA@home.example" })).toEqual([
      "Olga",
    ]);
    expect(await names("contacts", { field: "emails", op: "isEmpty" })).toEqual(["Petar"]);
    expect(await names("contacts", { field: "messengers", op: "contains", value: "ivant" })).toEqual([
      "Ivan",
    ]);
    expect(await names("contacts", { field: "messengers", op: "contains", value: "@IVANT" })).toEqual([
      "Ivan",
    ]);
    expect(await names("contacts", { field: "messengers", op: "isEmpty" })).toEqual(["Petar"]);
    expect(await names("contacts", { field: "emailMarketing", op: "eq", value: true })).toEqual(["Ivan"]);
    expect(await names("contacts", { field: "emailMarketing", op: "eq", value: false })).toEqual(["Olga"]);
    // Never asked is empty, and "not true" includes it.
    expect(await names("contacts", { field: "emailMarketing", op: "isEmpty" })).toEqual(["Petar"]);
    expect(await names("contacts", { field: "smsMarketing", op: "isEmpty" })).toEqual(["Olga", "Petar"]);
    expect(await names("contacts", { field: "smsMarketing", op: "ne", value: true })).toEqual([
      "Ivan",
      "Olga",
      "Petar",
    ]);
    expect(await names("contacts", { field: "companies", op: "contains", value: ids.beta })).toEqual([
      "Ivan",
      "Olga",
    ]);
    expect(
      await names("contacts", { field: "companies", op: "contains", value: [ids.alpha, ids.beta] }),
    ).toEqual(["Ivan"]);
    expect(await names("contacts", { field: "companies", op: "in", value: [ids.alpha, ids.gamma] })).toEqual([
      "Ivan",
    ]);
    expect(await names("contacts", { field: "companies", op: "isEmpty" })).toEqual(["Petar"]);
  });

  it("refuses wrong operators and values with per-field 422s", async () => {
    const cases: Array<[string, string, object, string]> = [
      ["companies", "emails", { op: "startsWith", value: "info" }, "invalid_operator"],
      ["companies", "emails", { op: "lt", value: "a" }, "invalid_operator"],
      ["contacts", "companies", { op: "contains", value: "not-an-id" }, "invalid_filter_value"],
      ["contacts", "emailMarketing", { op: "eq", value: "yes" }, "invalid_filter_value"],
      ["contacts", "emailMarketing", { op: "contains", value: true }, "invalid_operator"],
    ];
    for (const [entity, field, rest, code] of cases) {
      const res = await list(entity, { field, ...rest });
      expect(res.statusCode, `${entity}.${field} ${JSON.stringify(rest)}`).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: `filter.${field}`, code })]);
    }
    // Not sortable.
    const sorted = await t.app.inject({ method: "GET", url: "/api/v1/contacts?sort=emails", headers: admin });
    expect(sorted.statusCode).toBe(422);
  });

  it("publishes them as filter-only, read-only metadata with their operators", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/custom-fields/meta/contacts",
      headers: admin,
    });
    const byKey = new Map(res.json().items.map((f: { key: string }) => [f.key, f]));
    expect(byKey.get("emails")).toMatchObject({
      type: "email",
      filterable: true,
      sortable: false,
      filterOnly: true,
      access: "readonly",
      operators: ["eq", "contains", "in", "notIn", "isEmpty", "isNotEmpty"],
    });
    expect(byKey.get("companies")).toMatchObject({ type: "link", linkEntity: "companies", filterOnly: true });
    expect(byKey.get("emailMarketing")).toMatchObject({
      type: "boolean",
      operators: ["eq", "ne", "isEmpty", "isNotEmpty"],
    });
    expect(byKey.get("name")).toMatchObject({
      operators: expect.arrayContaining(["contains", "startsWith"]),
    });
  });

  it("respects field rules: a hidden field (or its presented group) cannot be filtered", async () => {
    const role = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: admin,
      payload: {
        name: "No contact details",
        permissions: { "*": { read: "all" } },
        fieldRules: { contacts: { emails: "hidden", consent: "hidden" }, companies: { taxIds: "hidden" } },
      },
    });
    expect(role.statusCode, role.body).toBe(201);
    const viewer = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", viewer.id).execute();
    const vh = await tokenHeaders(t.db, viewer.id);
    for (const [entity, field, cond] of [
      ["contacts", "emails", { op: "contains", value: "olga@beta.example" }],
      ["contacts", "emailMarketing", { op: "eq", value: true }],
      ["contacts", "smsMarketing", { op: "isEmpty" }],
      ["companies", "taxIds", { op: "isEmpty" }],
    ] as const) {
      const res = await list(entity, { field, ...cond }, vh);
      expect(res.statusCode, `${entity}.${field}`).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field: `filter.${field}`, code: "field_not_allowed" });
    }
    // Unhidden ones still work for them.
    const ok = await list("contacts", { field: "messengers", op: "isEmpty" }, vh);
    expect(ok.statusCode, ok.body).toBe(200);
    const meta = await t.app.inject({
      method: "GET",
      url: "/api/v1/custom-fields/meta/contacts",
      headers: vh,
    });
    const keys = meta.json().items.map((f: { key: string }) => f.key);
    expect(keys).not.toContain("emails");
    expect(keys).not.toContain("emailMarketing");
    expect(keys).toContain("messengers");
  });
});
