import { describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import { ConflictError } from "../../platform/errors.js";
import { actorForUser } from "../../platform/records/actor.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { updateUser } from "./users-service.js";

describe("users administration", () => {
  const t = useTestContext();

  const activeAdmins = (adminRole: string) =>
    t.db
      .selectFrom("users")
      .select("id")
      .where("role_id", "=", adminRole)
      .where("is_active", "=", true)
      .execute();
  const roleId = async (key: string) =>
    (await t.db.selectFrom("roles").select("id").where("key", "=", key).executeTakeFirstOrThrow()).id;

  it("lists users with public fields to everyone, more to administrators, with filters and pages", async () => {
    const team = await createTeam(t.db, "Filter team");
    const prefix = `zz-list-${Date.now()}`;
    for (const n of ["a", "b", "c"]) {
      await createUser(t.db, {
        name: `${prefix}-${n}`,
        email: `${prefix}-${n}@example.com`,
        teamId: team.id,
      });
    }
    const seller = await createUser(t.db, { roleKey: "sales_manager" });
    const headers = await tokenHeaders(t.db, seller.id);
    const page1 = await t.app.inject({
      method: "GET",
      url: `/api/v1/users?search=${prefix}&teamId=${team.id}&limit=2`,
      headers,
    });
    expect(page1.statusCode).toBe(200);
    const body = page1.json();
    expect(body.items.map((u: { name: string }) => u.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(body.total).toEqual({ count: 3, capped: false });
    expect(Object.keys(body.items[0]).sort()).toEqual(
      ["avatarUrl", "email", "id", "isActive", "name", "position", "teamId"].sort(),
    );
    const page2 = await t.app.inject({
      method: "GET",
      url: `/api/v1/users?search=${prefix}&teamId=${team.id}&limit=2&cursor=${body.nextCursor}`,
      headers,
    });
    expect(page2.json().items.map((u: { name: string }) => u.name)).toEqual([`${prefix}-c`]);
    expect(page2.json().nextCursor).toBeNull();

    const byRole = await t.app.inject({
      method: "GET",
      url: `/api/v1/users?roleId=${await roleId("admin")}`,
      headers,
    });
    expect(byRole.statusCode).toBe(403);

    const admin = await createUser(t.db, { roleKey: "admin" });
    const adminView = await t.app.inject({
      method: "GET",
      url: `/api/v1/users?search=${prefix}-a`,
      headers: await tokenHeaders(t.db, admin.id),
    });
    expect(adminView.json().items[0]).toMatchObject({ roleId: expect.any(String), language: "en" });
    const wildcard = await t.app.inject({ method: "GET", url: "/api/v1/users?search=%25%25", headers });
    expect(wildcard.json().items).toHaveLength(0);
  });

  it("lets an administrator change a user's profile, team and role, audited", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const headers = await tokenHeaders(t.db, admin.id);
    const team = await createTeam(t.db, "Patch team");
    const user = await createUser(t.db, { roleKey: "sales_manager" });
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers,
      payload: {
        name: "Renamed",
        position: "Lead",
        teamId: team.id,
        roleId: await roleId("head_of_sales"),
        managerId: admin.id,
        language: "ru",
        timeZone: "Europe/Moscow",
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: "Renamed",
      teamId: team.id,
      language: "ru",
      timeZone: "Europe/Moscow",
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "user.updated")
      .where("entity_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(admin.id);
    expect(audit.changes).toMatchObject({ name: { before: user.name, after: "Renamed" } });

    const bad = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers,
      payload: { timeZone: "Mars/Olympus", teamId: crypto.randomUUID(), managerId: user.id, password: "x" },
    });
    expect(bad.statusCode).toBe(422);
    const forbidden = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${admin.id}`,
      headers: await tokenHeaders(t.db, user.id),
      payload: { name: "Hijack" },
    });
    expect(forbidden.statusCode).toBe(403);
    const readOnlyToken = await tokenHeaders(t.db, admin.id, { readOnly: true });
    const viaReadOnly = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers: readOnlyToken,
      payload: { name: "Via read-only token" },
    });
    expect(viaReadOnly.statusCode).toBe(403);
  });

  it("refuses to demote the last active administrator, allows it when another remains", async () => {
    // Deactivate every other administrator created by earlier tests so this one is the last.
    await t.db
      .updateTable("users")
      .set({ is_active: false })
      .where("role_id", "=", await roleId("admin"))
      .execute();
    const admin = await createUser(t.db, { roleKey: "admin" });
    const headers = await tokenHeaders(t.db, admin.id);
    const refused = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${admin.id}`,
      headers,
      payload: { roleId: await roleId("sales_manager") },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("last_administrator");

    const second = await createUser(t.db, { roleKey: "admin" });
    const ok = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${admin.id}`,
      headers,
      payload: { roleId: await roleId("sales_manager") },
    });
    expect(ok.statusCode).toBe(200);
    expect(second.id).toBeTruthy();
  });

  it("two administrators demoting each other at the same time leave one administrator", async () => {
    const adminRole = await roleId("admin");
    await t.db.updateTable("users").set({ is_active: false }).where("role_id", "=", adminRole).execute();
    const a = await createUser(t.db, { roleKey: "admin" });
    const b = await createUser(t.db, { roleKey: "admin" });
    const seller = await roleId("sales_manager");
    // Both authenticated as administrators before either writes: the lock on the administrators decides.
    const [actorA, actorB] = await Promise.all([actorForUser(t.db, a.id), actorForUser(t.db, b.id)]);
    const demote = (actor: Actor | null, targetId: string) =>
      t.db.transaction().execute((trx) =>
        updateUser(trx, { actor: actor as Actor, requestId: "race", ip: null, userAgent: null }, targetId, {
          roleId: seller,
        }),
      );
    const outcomes = await Promise.allSettled([demote(actorA, b.id), demote(actorB, a.id)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await activeAdmins(adminRole)).toHaveLength(1);
  });

  it("over HTTP, an administrator demoted meanwhile cannot demote the last one (409, or 403 once demoted)", async () => {
    const adminRole = await roleId("admin");
    await t.db.updateTable("users").set({ is_active: false }).where("role_id", "=", adminRole).execute();
    const a = await createUser(t.db, { roleKey: "admin" });
    const b = await createUser(t.db, { roleKey: "admin" });
    const seller = await roleId("sales_manager");
    const demote = async (actorId: string, targetId: string) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${targetId}`,
        headers: await tokenHeaders(t.db, actorId),
        payload: { roleId: seller },
      });
    const [ab, ba] = await Promise.all([demote(a.id, b.id), demote(b.id, a.id)]);
    const codes = [ab.statusCode, ba.statusCode].sort();
    expect(codes[0]).toBe(200);
    // 409 when both were still administrators at authentication; 403 when the other's demotion came first.
    expect([403, 409]).toContain(codes[1]);
    expect(await activeAdmins(adminRole)).toHaveLength(1);
  });

  it("reactivates a deactivated user", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const user = await createUser(t.db);
    await t.db
      .updateTable("users")
      .set({ is_active: false, deactivated_at: new Date() })
      .where("id", "=", user.id)
      .execute();
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${user.id}/reactivate`,
      headers: await tokenHeaders(t.db, admin.id),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ isActive: true, deactivatedAt: null });
    const missing = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${crypto.randomUUID()}/reactivate`,
      headers: await tokenHeaders(t.db, admin.id),
    });
    expect(missing.statusCode).toBe(404);
  });
  it("documents the administration, audit and hand-over endpoints in OpenAPI", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const expected: [string, string][] = [
      ["/api/v1/users", "get"],
      ["/api/v1/users/{id}", "patch"],
      ["/api/v1/users/{id}/reactivate", "post"],
      ["/api/v1/users/{id}/handover-plan", "get"],
      ["/api/v1/users/{id}/deactivate", "post"],
      ["/api/v1/teams/{id}", "delete"],
      ["/api/v1/teams/{id}/members", "get"],
      ["/api/v1/roles", "post"],
      ["/api/v1/roles/permission-catalog", "get"],
      ["/api/v1/audit-log", "get"],
      ["/api/v1/audit-log/records/{entity}/{id}", "get"],
      ["/api/v1/reassign", "post"],
      ["/api/v1/settings/orphaned-records", "get"],
    ];
    for (const [path, method] of expected)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });
});
