import { describe, expect, it } from "vitest";
import { createUser, signIn, TEST_PASSWORD, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("changing an email address", () => {
  const t = useTestContext();

  it("needs the current password, refuses a taken address, audits and ends other sessions", async () => {
    const user = await createUser(t.db);
    const other = await createUser(t.db);
    const current = await signIn(t.app, user.email);
    const second = await signIn(t.app, user.email);
    const change = (payload: object) =>
      t.app.inject({ method: "PATCH", url: "/api/v1/me/email", headers: current.headers, payload });
    const emailOf = async () =>
      (await t.db.selectFrom("users").select("email").where("id", "=", user.id).executeTakeFirstOrThrow())
        .email;

    const wrong = await change({ currentPassword: "wrong-password", email: "new@example.com" });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0]).toMatchObject({ field: "currentPassword", code: "invalid_password" });
    const taken = await change({ currentPassword: TEST_PASSWORD, email: other.email.toUpperCase() });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe("email_taken");
    const invalid = await change({ currentPassword: TEST_PASSWORD, email: "not-an-email" });
    expect(invalid.statusCode).toBe(422);
    expect(await emailOf()).toBe(user.email);
    const noCsrf = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me/email",
      headers: { cookie: current.cookie },
      payload: { currentPassword: TEST_PASSWORD, email: "new@example.com" },
    });
    expect(noCsrf.statusCode).toBe(403);

    const newEmail = `renamed-${user.id.slice(0, 8)}@example.com`;
    const ok = await change({ currentPassword: TEST_PASSWORD, email: newEmail });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().email).toBe(newEmail);
    expect(await emailOf()).toBe(newEmail);
    const me = (h: Record<string, string>) => t.app.inject({ method: "GET", url: "/api/v1/me", headers: h });
    expect((await me(current.headers)).statusCode).toBe(200);
    expect((await me(second.headers)).statusCode).toBe(401);
    await signIn(t.app, newEmail);
    await expect(signIn(t.app, user.email)).rejects.toThrow(/401/);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["actor_id", "details"])
      .where("action", "=", "auth.email.changed")
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(user.id);
    expect(audit.details).toMatchObject({
      email: { before: user.email, after: newEmail },
      sessionsRevoked: 1,
    });
  });

  it("lets an administrator change a user's email through users PATCH, audited; others may not", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const user = await createUser(t.db);
    const other = await createUser(t.db);
    const patch = async (actorId: string, payload: object) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${user.id}`,
        headers: await tokenHeaders(t.db, actorId),
        payload,
      });
    expect((await patch(other.id, { email: "sneaky@example.com" })).statusCode).toBe(403);
    expect((await patch(admin.id, { email: other.email })).statusCode).toBe(409);
    const ok = await patch(admin.id, { email: "moved@example.com" });
    expect(ok.statusCode, ok.body).toBe(200);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["actor_id", "changes"])
      .where("action", "=", "user.updated")
      .where("entity_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      actor_id: admin.id,
      changes: { email: { before: user.email, after: "moved@example.com" } },
    });
  });
});
