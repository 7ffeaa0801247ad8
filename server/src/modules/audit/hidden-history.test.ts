import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { flushAudit } from "./test-support.js";

/** Record history never shows a field the reader's role hides: standard, `*` and single custom fields. */
describe("audit history and field rules", () => {
  const t = useTestContext();

  it("removes hidden custom values and `*`-hidden fields from record history and the admin log", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const adminHeaders = await tokenHeaders(t.db, admin.id);
    const post = (url: string, payload: object, method: "POST" | "PATCH" = "POST") =>
      t.app.inject({ method, url, headers: adminHeaders, payload });
    for (const key of ["margin", "tier"]) {
      const res = await post("/api/v1/custom-fields", { entity: "companies", key, label: key, type: "text" });
      expect(res.statusCode, res.body).toBe(201);
    }
    const role = await post("/api/v1/roles", {
      name: "Auditor without margins",
      permissions: { companies: { read: "all" } },
      fieldRules: { companies: { "custom.margin": "hidden" }, "*": { source: "hidden" } },
      adminPermissions: ["audit.read"],
    });
    expect(role.statusCode, role.body).toBe(201);
    const auditor = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", auditor.id).execute();
    const headers = await tokenHeaders(t.db, auditor.id);

    const company = await post("/api/v1/companies", {
      name: "Margin Co",
      source: "Fair-secret",
      custom: { margin: "m-37", tier: "gold" },
    });
    expect(company.statusCode, company.body).toBe(201);
    const id = company.json().id as string;
    const url = `/api/v1/companies/${id}`;
    expect((await post(url, { custom: { margin: "m-41", tier: "platinum" } }, "PATCH")).statusCode).toBe(200);
    expect((await post(url, { custom: { margin: "m-55", tier: "platinum" } }, "PATCH")).statusCode).toBe(200);
    expect((await post(url, { source: "Referral-x" }, "PATCH")).statusCode).toBe(200);
    await flushAudit(t);

    const asAdmin = await t.app.inject({
      method: "GET",
      url: `/api/v1/audit-log/records/companies/${id}`,
      headers: adminHeaders,
    });
    expect(asAdmin.body).toContain("m-55");
    expect(asAdmin.body).toContain("Referral-x");

    const views = {
      history: await t.app.inject({
        method: "GET",
        url: `/api/v1/audit-log/records/companies/${id}`,
        headers,
      }),
      log: await t.app.inject({ method: "GET", url: `/api/v1/audit-log?entityId=${id}`, headers }),
    };
    for (const [name, res] of Object.entries(views)) {
      expect(res.statusCode, name).toBe(200);
      for (const secret of ["m-37", "m-41", "m-55", "Fair-secret", "Referral-x"]) {
        expect(res.body, `${name}: ${secret}`).not.toContain(secret);
      }
      const items = res.json().items as { action: string; changes: Record<string, unknown> | null }[];
      expect(items).toHaveLength(4);
      // The visible custom field stays; a change of only hidden values shows no custom change at all.
      expect(res.body, name).toContain("platinum");
      const [sourceChange, marginOnly, both, created] = items;
      expect(sourceChange?.changes ?? {}, name).toEqual({});
      expect(marginOnly?.changes ?? {}, name).not.toHaveProperty("custom");
      expect(both?.changes?.custom, name).toEqual({ before: { tier: "gold" }, after: { tier: "platinum" } });
      expect(created?.changes, name).toHaveProperty("name");
    }
  });
});
