import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { activeAdministratorIds } from "./admins.js";

/** A custom role holding `*` cannot lose it while its users are the only active administrators. */
describe("roles: the last administrator through a custom role", () => {
  const t = useTestContext();

  it("refuses to take * from a custom role held by every active administrator (409), allows it otherwise", async () => {
    const owner = await createUser(t.db, { roleKey: "admin" });
    const headers = await tokenHeaders(t.db, owner.id);
    const patch = (id: string, payload: object) =>
      t.app.inject({ method: "PATCH", url: `/api/v1/roles/${id}`, headers, payload });
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers,
      payload: { name: "Owners", permissions: { deals: { read: "all" } }, adminPermissions: ["*"] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const roleId = created.json().id as string;
    await t.db.updateTable("users").set({ role_id: roleId }).where("id", "=", owner.id).execute();
    // An inactive user of the system Administrator role does not count.
    const former = await createUser(t.db, { roleKey: "admin" });
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", former.id).execute();
    await t.db.updateTable("users").set({ is_active: false }).where("id", "not in", [owner.id]).execute();
    expect(await activeAdministratorIds(t.db)).toEqual([owner.id]);

    const refused = await patch(roleId, { adminPermissions: ["users.manage", "roles.manage"] });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.json().code).toBe("last_administrator");
    const stored = await t.db
      .selectFrom("roles")
      .select("admin_permissions")
      .where("id", "=", roleId)
      .executeTakeFirstOrThrow();
    expect(stored.admin_permissions).toEqual(["*"]);
    const audited = await t.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "role.updated")
      .where("entity_id", "=", roleId)
      .execute();
    expect(audited).toEqual([]);

    // Other changes to the role, and keeping *, stay possible.
    expect((await patch(roleId, { description: "Run the place", adminPermissions: ["*"] })).statusCode).toBe(
      200,
    );

    // With another active administrator (system role), the custom role may lose *.
    await createUser(t.db, { roleKey: "admin" });
    const allowed = await patch(roleId, { adminPermissions: ["users.manage", "roles.manage"] });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json().adminPermissions).toEqual(["users.manage", "roles.manage"]);
  });
});
