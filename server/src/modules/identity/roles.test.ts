import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("roles administration", () => {
  const t = useTestContext();

  async function admin() {
    const user = await createUser(t.db, { roleKey: "admin" });
    return { user, headers: await tokenHeaders(t.db, user.id) };
  }

  it("creates a role with a permission grid, field rules and admin permissions, audited", async () => {
    const { headers } = await admin();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers,
      payload: {
        name: "Partner manager",
        permissions: { deals: { read: "team", update: "own" }, companies: { "*": "all" } },
        fieldRules: { deals: { amount: "readonly" } },
        adminPermissions: ["audit.read"],
        requireTwoFactor: true,
      },
    });
    expect(res.statusCode).toBe(201);
    const role = res.json();
    expect(role).toMatchObject({
      name: "Partner manager",
      isSystem: false,
      permissions: { deals: { read: "team", update: "own" } },
      fieldRules: { deals: { amount: "readonly" } },
      adminPermissions: ["audit.read"],
      requireTwoFactor: true,
      userCount: 0,
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "role.created")
      .where("entity_id", "=", role.id)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("reports each unknown entity, action, scope and admin permission as its own field error", async () => {
    const { headers } = await admin();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers,
      payload: {
        name: "Broken",
        permissions: { unicorns: { read: "all" }, deals: { fly: "all", read: "galaxy" } },
        fieldRules: { dragons: { x: "hidden" }, deals: { amount: "invisible" } },
        adminPermissions: ["users.manage", "world.domination"],
      },
    });
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors as { field: string; code: string }[];
    expect(errors.map((e) => [e.field, e.code]).sort()).toEqual(
      [
        ["body.adminPermissions.1", "unknown_admin_permission"],
        ["body.fieldRules.deals.amount", "unknown_field_rule"],
        ["body.fieldRules.dragons", "unknown_entity"],
        ["body.permissions.deals.fly", "unknown_action"],
        ["body.permissions.deals.read", "unknown_scope"],
        ["body.permissions.unicorns", "unknown_entity"],
      ].sort(),
    );
    expect(await t.db.selectFrom("roles").select("id").where("name", "=", "Broken").execute()).toHaveLength(
      0,
    );
  });

  it("lets system roles be edited but the Administrator role keeps *", async () => {
    const { headers } = await admin();
    const roles = (await t.app.inject({ method: "GET", url: "/api/v1/roles", headers })).json().items as {
      id: string;
      key: string | null;
    }[];
    const adminRole = roles.find((r) => r.key === "admin");
    const catalog = await t.app.inject({ method: "GET", url: "/api/v1/roles/permission-catalog", headers });
    expect(catalog.json()).toMatchObject({ scopes: ["none", "own", "team", "all"] });
    expect(catalog.json().entities).toContain("deals");
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/roles/${adminRole?.id}`,
      headers,
      payload: { adminPermissions: ["users.manage"] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].code).toBe("administrator_must_keep_all");
    const renamed = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/roles/${adminRole?.id}`,
      headers,
      payload: { description: "Runs the place" },
    });
    expect(renamed.statusCode).toBe(200);
    const deleted = await t.app.inject({ method: "DELETE", url: `/api/v1/roles/${adminRole?.id}`, headers });
    expect(deleted.statusCode).toBe(409);
  });

  it("applies a grant change on the next request and audits before → after", async () => {
    const { headers } = await admin();
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers,
      payload: { name: "Auditor", permissions: {}, adminPermissions: [] },
    });
    const roleId = created.json().id as string;
    const user = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: roleId }).where("id", "=", user.id).execute();
    const userHeaders = await tokenHeaders(t.db, user.id);
    const before = await t.app.inject({ method: "GET", url: "/api/v1/audit-log", headers: userHeaders });
    expect(before.statusCode).toBe(403);

    const patched = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/roles/${roleId}`,
      headers,
      payload: { adminPermissions: ["audit.read"] },
    });
    expect(patched.statusCode).toBe(200);
    const after = await t.app.inject({ method: "GET", url: "/api/v1/audit-log", headers: userHeaders });
    expect(after.statusCode).toBe(200);

    const row = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "role.updated")
      .where("entity_id", "=", roleId)
      .executeTakeFirstOrThrow();
    expect(row.changes).toEqual({ adminPermissions: { before: [], after: ["audit.read"] } });
  });

  it("refuses to delete a role still assigned to users, deletes an unused one", async () => {
    const { headers } = await admin();
    const make = async (name: string) =>
      (
        await t.app.inject({
          method: "POST",
          url: "/api/v1/roles",
          headers,
          payload: { name, permissions: {} },
        })
      ).json().id as string;
    const used = await make("Used role");
    const unused = await make("Unused role");
    const holder = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: used }).where("id", "=", holder.id).execute();
    const refused = await t.app.inject({ method: "DELETE", url: `/api/v1/roles/${used}`, headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("role_in_use");
    const ok = await t.app.inject({ method: "DELETE", url: `/api/v1/roles/${unused}`, headers });
    expect(ok.statusCode).toBe(204);
    expect(await t.db.selectFrom("roles").select("id").where("id", "=", unused).execute()).toHaveLength(0);
  });

  it("rejects duplicate names and keeps roles away from non-administrators", async () => {
    const { headers } = await admin();
    const dup = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers,
      payload: { name: "sales MANAGER", permissions: {} },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe("role_name_taken");
    const seller = await createUser(t.db, { roleKey: "sales_manager" });
    const sellerHeaders = await tokenHeaders(t.db, seller.id);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/roles", headers: sellerHeaders })).statusCode,
    ).toBe(403);
    const write = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: sellerHeaders,
      payload: { name: "Mine", permissions: { "*": { "*": "all" } } },
    });
    expect(write.statusCode).toBe(403);
  });

  it("shows roles only to role and user managers; the permission catalog also to audit readers", async () => {
    const manager = await createUser(t.db);
    const auditorRole = await t.db
      .insertInto("roles")
      .values({
        name: "Auditor only",
        permissions: "{}",
        field_rules: "{}",
        admin_permissions: ["audit.read"],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const auditor = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: auditorRole.id }).where("id", "=", auditor.id).execute();
    const get = async (userId: string, url: string) =>
      (await t.app.inject({ method: "GET", url, headers: await tokenHeaders(t.db, userId) })).statusCode;
    expect(await get(manager.id, "/api/v1/roles")).toBe(403);
    expect(await get(manager.id, "/api/v1/roles/permission-catalog")).toBe(403);
    expect(await get(auditor.id, "/api/v1/roles")).toBe(403);
    expect(await get(auditor.id, "/api/v1/roles/permission-catalog")).toBe(200);
    const me = await t.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: await tokenHeaders(t.db, manager.id),
    });
    expect(me.statusCode).toBe(200);
  });
});
