import { beforeAll, describe, expect, it } from "vitest";
import { flushAudit } from "../modules/audit/test-support.js";
import { runExport } from "../modules/exports/service.js";
import { type ApiRoute, apiRoutes } from "../platform/http/app.js";
import { createTeam, createUser, tokenHeaders } from "./auth.js";
import { entityFactory, loadEntityFactories, registeredFactories } from "./entity-factories.js";
import {
  FIELD_RULE_SKIPPED,
  FIELD_RULE_URLS,
  type FieldRuleFixture,
  fieldRuleCalls,
} from "./field-rules-routes.js";
import { useTestContext } from "./harness.js";

/**
 * Field-level rules, generated from the route table: a role hides deals.amount, contacts.emails, contacts.phones,
 * companies.taxIds and a custom field; every GET route (lists, records, search, duplicates, timeline, record
 * history after an update and a merge, the audit log, exports) is called as that role and no hidden value may
 * appear anywhere in any answer. Hidden fields cannot be filtered or sorted on either.
 */

const EMAIL = "hidden.mail@secret-zone.example";
const EMAIL_2 = "other.mail@secret-zone.example";
const PHONE = "+7 916 555-77-99";
const PHONE_2 = "+7 916 555-77-98";
const TAX = "7736207543";
const TAX_2 = "7702070139";
const AMOUNTS = ["987654.32", "987655.55", "987656.66"];
const DOSSIER = "XYZZY-dossier-4471";
const DOSSIER_2 = "XYZZY-dossier-4472";
/** What may not appear in any answer: each hidden value, in every form it is stored or presented in. */
const SECRETS = ["secret-zone", "5557799", "5557798", "555-77-9", TAX, TAX_2, "XYZZY", ...AMOUNTS];

const HIDDEN = {
  deals: ["amount"],
  contacts: ["emails", "phones", "custom.dossier"],
  companies: ["taxIds"],
} as const;

describe("field rules on every GET route", () => {
  const t = useTestContext();
  let headers: Record<string, string>;
  let admin: Record<string, string>;
  let fixture: FieldRuleFixture;

  const as = async (h: Record<string, string>, method: "POST" | "PATCH", url: string, payload: object) => {
    const res = await t.app.inject({ method, url, headers: h, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as { id: string } & Record<string, unknown>;
  };
  const create = async (url: string, payload: object) => (await as(admin, "POST", url, payload)).id;

  beforeAll(async () => {
    await loadEntityFactories();
    const adminUser = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, adminUser.id);
    await create("/api/v1/custom-fields", {
      entity: "contacts",
      key: "dossier",
      label: "Dossier",
      type: "text",
    });
    // A hidden field's definition answers 404 to the role; the by-id route is exercised with a visible one.
    const field = await create("/api/v1/custom-fields", {
      entity: "deals",
      key: "region",
      label: "Region",
      type: "text",
    });
    const role = await create("/api/v1/roles", {
      name: "Field-blind reader",
      // Every declared entity, so a new one is covered by declaring it.
      permissions: Object.fromEntries(
        t.deps.entities
          .all()
          .map((d) => [d.name, d.capabilities.export ? { read: "all", export: "all" } : { read: "all" }]),
      ),
      fieldRules: HIDDEN_RULES,
      adminPermissions: ["audit.read", "users.manage", "settings.manage"],
    });
    const team = await createTeam(t.db, "Field rules team");
    const user = await createUser(t.db, { roleKey: "read_only", teamId: team.id });
    await t.db.updateTable("users").set({ role_id: role }).where("id", "=", user.id).execute();
    headers = await tokenHeaders(t.db, user.id);

    const company = await create("/api/v1/companies", {
      name: "Fieldcheck Holdings",
      taxIds: [{ kind: "INN", value: TAX }],
      tags: ["fieldcheck"],
    });
    const company2 = await create("/api/v1/companies", {
      name: "Fieldcheck Subsidiary",
      taxIds: [{ kind: "INN", value: TAX_2 }],
    });
    // Shares the tax id the merge gives the survivor: a duplicate group keyed on a hidden value.
    await create("/api/v1/companies", { name: "Unrelated Traders", taxIds: [{ kind: "INN", value: TAX_2 }] });
    const person = (first: string, email: string, phone: string, dossier?: string) =>
      create("/api/v1/contacts", {
        firstName: first,
        lastName: "Fieldcheck",
        emails: [{ value: email }],
        phones: [{ raw: phone }],
        companies: [{ companyId: company }],
        ...(dossier ? { custom: { dossier } } : {}),
      });
    const contact = await person("Vera", EMAIL, PHONE, DOSSIER);
    const contact2 = await person("Gleb", EMAIL_2, PHONE_2, DOSSIER_2);
    await create("/api/v1/contacts", {
      firstName: "Oskar",
      lastName: "Somebody",
      emails: [{ value: EMAIL_2 }],
      phones: [{ raw: PHONE_2 }],
    });
    const deal = await create("/api/v1/deals", {
      title: "Fieldcheck rollout",
      amount: AMOUNTS[0],
      currency: "RUB",
      companyId: company,
      contactId: contact,
    });
    await as(admin, "PATCH", `/api/v1/deals/${deal}`, { amount: AMOUNTS[1] });
    const deal2 = await create("/api/v1/deals", {
      title: "Fieldcheck extension",
      amount: AMOUNTS[2],
      currency: "RUB",
      companyId: company,
    });
    const merge = (entity: string, survivorId: string, mergedId: string, fields: string[]) =>
      as(admin, "POST", "/api/v1/merge", {
        entity,
        survivorId,
        mergedIds: [mergedId],
        fieldChoices: Object.fromEntries(fields.map((f) => [f, mergedId])),
      });
    await merge("deals", deal, deal2, ["amount"]);
    await merge("contacts", contact, contact2, ["emails", "phones", "custom.dossier"]);
    await merge("companies", company, company2, ["taxIds"]);
    await flushAudit(t);

    const records: Record<string, string> = { companies: company, contacts: contact, deals: deal };
    for (const entity of registeredFactories()) {
      const factory = entityFactory(entity);
      if (!records[entity] && factory && factory.owned !== false) {
        records[entity] = await factory.create(t.db, adminUser.id);
      }
    }
    const pipelines = await t.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: admin });
    const pipelineId = pipelines.json().items.find((p: { isDefault: boolean }) => p.isDefault).id as string;
    records.pipelines = pipelineId;
    const tags = await t.app.inject({ method: "GET", url: "/api/v1/tags", headers: admin });
    const tagId = tags.json().items.find((x: { name: string }) => x.name === "fieldcheck").id as string;
    const view = await as(headers, "POST", "/api/v1/views", {
      entity: "contacts",
      name: "Field check",
      columns: [],
    });
    const notification = await t.db
      .insertInto("notifications")
      .values({
        user_id: user.id,
        kind: "record.assigned",
        title_key: "notifications.assigned",
        params: JSON.stringify({ title: "Fieldcheck rollout" }),
        entity: "deals",
        entity_id: deal,
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    const exportIds: string[] = [];
    const exports = [
      ...(["companies", "contacts", "deals"] as const).map((entity) => ({ entity, format: "csv" })),
      { entity: "contacts", format: "csv", columns: ["name", "emails", "phones", "phone", "custom.dossier"] },
      { entity: "deals", format: "csv", columns: ["title", "amount"] },
      { entity: "companies", format: "csv", columns: ["name", "taxIds"] },
      { entity: "contacts", format: "vcf" },
    ];
    for (const body of exports) {
      const created = await as(headers, "POST", "/api/v1/exports", body);
      await runExport(t.db, created.id);
      exportIds.push(created.id);
    }
    fixture = {
      records,
      merged: { companies: company2, contacts: contact2, deals: deal2 },
      userId: user.id,
      adminId: adminUser.id,
      teamId: team.id,
      roleId: role,
      customFieldId: field,
      pipelineId,
      tagId,
      viewId: view.id,
      notificationId: notification.id,
      exportIds,
      searches: [
        EMAIL,
        "secret-zone",
        "hidden.mail",
        "916 555-77-99",
        "89165557799",
        TAX,
        "INN 7736207543",
        DOSSIER,
        "XYZZY",
        AMOUNTS[0] as string,
        "Fieldcheck",
      ],
    };
  });

  it("the administrator sees every hidden value (the data is there to leak)", async () => {
    const bodies = await Promise.all(
      [
        `/api/v1/contacts/${fixture.records.contacts}`,
        `/api/v1/companies/${fixture.records.companies}`,
        `/api/v1/deals/${fixture.records.deals}`,
        `/api/v1/audit-log/records/deals/${fixture.records.deals}`,
        `/api/v1/audit-log/records/contacts/${fixture.records.contacts}`,
        `/api/v1/audit-log/records/companies/${fixture.records.companies}`,
        "/api/v1/duplicates?entity=contacts",
        "/api/v1/duplicates?entity=companies",
      ].map(async (url) => (await t.app.inject({ method: "GET", url, headers: admin })).body),
    );
    const all = bodies.join("\n");
    for (const secret of SECRETS) expect(all, secret).toContain(secret);
  });

  it("no GET route answers a hidden value", async () => {
    const routes = apiRoutes(t.app).filter((r) => r.method === "GET");
    const unfillable: string[] = [];
    const failures: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      if (FIELD_RULE_SKIPPED[key]) continue;
      const urls = fieldRuleCalls(route, fixture);
      if (!urls) {
        unfillable.push(key);
        continue;
      }
      for (const call of urls) {
        const url = typeof call === "string" ? call : call.url;
        const res = await t.app.inject({ method: "GET", url, headers });
        calls++;
        if (res.statusCode !== 200) {
          failures.push(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          continue;
        }
        const text = typeof call === "string" ? res.body : JSON.stringify(call.pick(res.json()));
        for (const secret of SECRETS) if (text.includes(secret)) failures.push(`${url}: contains ${secret}`);
      }
    }
    expect(unfillable, "GET routes to add to FIELD_RULE_URLS or FIELD_RULE_SKIPPED").toEqual([]);
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(routes.length);
  });

  it("lists show the records, without the hidden keys", async () => {
    for (const [entity, keys] of Object.entries(HIDDEN)) {
      const res = await t.app.inject({ method: "GET", url: `/api/v1/${entity}?limit=500`, headers });
      const item = (res.json().items as { id: string; custom?: object }[]).find(
        (i) => i.id === fixture.records[entity],
      );
      expect(item, entity).toBeDefined();
      for (const key of keys) {
        if (key.startsWith("custom.")) expect(item?.custom ?? {}).not.toHaveProperty(key.slice(7));
        else expect(item).not.toHaveProperty(key);
      }
    }
  });

  it("refuses a hidden field as a filter or sort key (422 field_not_allowed)", async () => {
    const cases: [string, string, unknown][] = [
      ["deals", "amount", "1"],
      ["contacts", "custom.dossier", "XYZZY"],
      // Derived from the hidden phones: filtering or sorting by it would reveal them.
      ["contacts", "phone", "5557799"],
    ];
    for (const [entity, field, value] of cases) {
      const filter = encodeURIComponent(JSON.stringify({ field, op: "eq", value }));
      const filtered = await t.app.inject({
        method: "GET",
        url: `/api/v1/${entity}?filter=${filter}`,
        headers,
      });
      expect(filtered.statusCode, `${entity}.${field}`).toBe(422);
      expect(filtered.json().errors[0]).toMatchObject({
        field: `filter.${field}`,
        code: "field_not_allowed",
      });
      const sorted = await t.app.inject({ method: "GET", url: `/api/v1/${entity}?sort=-${field}`, headers });
      expect(sorted.statusCode, `${entity}.${field}`).toBe(422);
      expect(sorted.json().errors[0]).toMatchObject({ field: `sort.${field}`, code: "field_not_allowed" });
    }
  });

  it("makes a new GET route with parameters name its URLs; one without parameters is called as is", () => {
    const route = (url: string): ApiRoute =>
      ({ method: "GET", url, access: { kind: "authenticated" } }) as ApiRoute;
    expect(fieldRuleCalls(route("/api/v1/new-things/:id"), fixture)).toBeNull();
    expect(fieldRuleCalls(route("/api/v1/new-things"), fixture)).toEqual(["/api/v1/new-things"]);
    const dealRoute = { ...route("/api/v1/deals/:id/new-view"), access: { kind: "entity", entity: "deals" } };
    expect(fieldRuleCalls(dealRoute as ApiRoute, fixture)).toEqual([
      `/api/v1/deals/${fixture.records.deals}/new-view`,
    ]);
  });

  it("lists only routes that exist", () => {
    const known = new Set(apiRoutes(t.app).map((r) => `${r.method} ${r.url}`));
    const stale = [...Object.keys(FIELD_RULE_URLS), ...Object.keys(FIELD_RULE_SKIPPED)].filter(
      (k) => !known.has(k),
    );
    expect(stale).toEqual([]);
  });
});

const HIDDEN_RULES = Object.fromEntries(
  Object.entries(HIDDEN).map(([entity, keys]) => [
    entity,
    Object.fromEntries(keys.map((k) => [k, "hidden"])),
  ]),
);
