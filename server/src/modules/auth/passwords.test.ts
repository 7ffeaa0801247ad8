import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createUser, deliverQueuedMail, linkToken, signIn, TEST_PASSWORD } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { bootstrapAdmin } from "../identity/bootstrap.js";
import { isCommonPassword } from "./common-passwords.js";

describe("passwords", () => {
  const t = useTestContext({ env: { PUBLIC_URL: "https://crm.example.com" } });
  const change = (headers: Record<string, string>, currentPassword: string, newPassword: string) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/auth/change-password",
      headers,
      payload: { currentPassword, newPassword },
    });
  const codes = (res: { json(): { errors?: { field: string; code?: string }[] } }) =>
    (res.json().errors ?? []).map((e) => `${e.field}:${e.code}`).sort();

  it("ships the 10,000 most common passwords and compares them case-insensitively", () => {
    expect(isCommonPassword("Password")).toBe(true);
    expect(isCommonPassword("QWERTYUIOP")).toBe(true);
    expect(isCommonPassword("correct horse battery staple tandem")).toBe(false);
  });

  it("forces the generated first-admin password to be changed before anything else", async () => {
    await t.db.deleteFrom("users").execute();
    const boot = await bootstrapAdmin(t.db, { email: "first@example.com" });
    expect(boot.generatedPassword).toBeDefined();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "first@example.com", password: boot.generatedPassword },
    });
    expect(res.json()).toMatchObject({
      status: "passwordChangeRequired",
      user: { mustChangePassword: true },
    });
    const session = res.cookies.find((c) => c.name === "tandem_session");
    expect(session?.secure).toBe(true);
    const s = await signIn(t.app, "first@example.com", boot.generatedPassword);
    const blocked = await t.app.inject({
      method: "GET",
      url: "/api/v1/settings/password-policy",
      headers: s.headers,
    });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe("password_change_required");
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers })).statusCode).toBe(
      200,
    );
    const changed = await change(s.headers, boot.generatedPassword ?? "", "A-much-better-secret-42");
    expect(changed.statusCode).toBe(204);
    const me = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers });
    expect(me.json().mustChangePassword).toBe(false);
    const ok = await t.app.inject({
      method: "GET",
      url: "/api/v1/settings/password-policy",
      headers: s.headers,
    });
    expect(ok.json()).toEqual({
      minLength: 12,
      maxAgeDays: 0,
      historySize: 5,
      requireTwoFactorForAll: false,
      minStrength: 3,
    });
  });

  it("reports each policy violation with its code", async () => {
    const user = await createUser(t.db, { email: "marina.petrova@example.com" });
    const s = await signIn(t.app, user.email);
    expect(codes(await change(s.headers, TEST_PASSWORD, "short1"))).toEqual([
      "newPassword:password_too_short",
    ]);
    expect(codes(await change(s.headers, TEST_PASSWORD, "1q2w3e4r5t6y"))).toEqual([
      "newPassword:password_common",
    ]);
    expect(codes(await change(s.headers, TEST_PASSWORD, "xx-Marina.Petrova-2026"))).toEqual([
      "newPassword:password_contains_email",
    ]);
    expect(codes(await change(s.headers, TEST_PASSWORD, TEST_PASSWORD))).toEqual([
      "newPassword:password_reused",
    ]);
    const wrong = await change(s.headers, "not-my-password", "Fresh-and-long-passphrase");
    expect(codes(wrong)).toEqual(["currentPassword:invalid_password"]);
  });

  it("refuses the last N passwords and keeps the current session while ending the others", async () => {
    const user = await createUser(t.db);
    const a = await signIn(t.app, user.email);
    const b = await signIn(t.app, user.email);
    const sequence = ["Second-secret-pass-1", "Third-secret-pass-22", "Fourth-secret-pass-333"];
    let current = TEST_PASSWORD;
    for (const next of sequence) {
      expect((await change(a.headers, current, next)).statusCode).toBe(204);
      current = next;
    }
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: a.headers })).statusCode).toBe(
      200,
    );
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: b.headers })).statusCode).toBe(
      401,
    );
    expect(codes(await change(a.headers, current, TEST_PASSWORD))).toEqual(["newPassword:password_reused"]);
    // With a history of 2, the oldest becomes usable again.
    const admin = await createUser(t.db, { roleKey: "admin" });
    const adminS = await signIn(t.app, admin.email);
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/v1/settings/password-policy",
      headers: adminS.headers,
      payload: { minLength: 14, maxAgeDays: 0, historySize: 2, requireTwoFactorForAll: false },
    });
    expect(put.statusCode).toBe(200);
    expect((await change(a.headers, current, TEST_PASSWORD)).statusCode).toBe(204);
    expect(codes(await change(a.headers, TEST_PASSWORD, "only-13-chars"))).toEqual([
      "newPassword:password_too_short",
    ]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("actor_id", "=", user.id)
      .where("action", "=", "auth.password.changed")
      .execute();
    expect(audit).toHaveLength(4);
  });

  it("only lets administrators read and change the policy", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/settings/password-policy",
      headers: s.headers,
    });
    expect(res.statusCode).toBe(403);
    const mail = await t.app.inject({ method: "GET", url: "/api/v1/settings/mail", headers: s.headers });
    expect(mail.statusCode).toBe(403);
    const admin = await createUser(t.db, { roleKey: "admin" });
    const adminS = await signIn(t.app, admin.email);
    const cfg = await t.app.inject({ method: "GET", url: "/api/v1/settings/mail", headers: adminS.headers });
    expect(cfg.json()).toEqual({ configured: false, from: "Tandem CRM <no-reply@localhost>" });
    const bad = await t.app.inject({
      method: "PUT",
      url: "/api/v1/settings/password-policy",
      headers: adminS.headers,
      payload: { minLength: 4, maxAgeDays: 0, historySize: 5, requireTwoFactorForAll: false },
    });
    expect(bad.statusCode).toBe(422);
  });

  it("asks for a new password once it is older than maxAgeDays", async () => {
    await t.db
      .insertInto("app_settings")
      .values({ key: "password_policy", value: JSON.stringify({ maxAgeDays: 30 }) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify({ maxAgeDays: 30 }) }))
      .execute();
    const user = await createUser(t.db);
    await t.db
      .updateTable("users")
      .set({ password_changed_at: sql<Date>`now() - interval '31 days'` })
      .where("id", "=", user.id)
      .execute();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(res.json()).toMatchObject({ status: "passwordChangeRequired", twoFactorRequired: false });
    await t.db.deleteFrom("app_settings").where("key", "=", "password_policy").execute();
  });

  it("resets a password through the emailed single-use link and ends all sessions", async () => {
    const user = await createUser(t.db);
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", user.id).execute();
    const s = await signIn(t.app, user.email);
    await deliverQueuedMail(t);
    const req = (email: string) =>
      t.app.inject({ method: "POST", url: "/api/v1/auth/password-reset/request", payload: { email } });
    expect((await req(user.email)).statusCode).toBe(202);
    expect((await req("unknown@example.com")).statusCode).toBe(202);
    const mails = await deliverQueuedMail(t);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toBe(user.email);
    expect(mails[0]?.subject).toBe("Сброс пароля Tandem CRM");
    expect(mails[0]?.text).toContain("https://crm.example.com/reset-password?token=");
    const token = linkToken(mails[0]?.text ?? "", "reset-password");
    const stored = await t.db.selectFrom("password_reset_tokens").select("token_hash").execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);

    const confirm = (tok: string, newPassword: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/auth/password-reset/confirm",
        payload: { token: tok, newPassword },
      });
    expect(codes(await confirm(token, "password1"))).toEqual([
      "newPassword:password_common",
      "newPassword:password_too_short",
    ]);
    expect((await confirm(token, "Reset-to-something-new")).statusCode).toBe(204);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers })).statusCode).toBe(
      401,
    );
    await signIn(t.app, user.email, "Reset-to-something-new");
    const reused = await confirm(token, "Another-new-password-1");
    expect(reused.statusCode).toBe(400);
    expect(reused.json().code).toBe("invalid_or_expired_token");

    await req(user.email);
    const [second] = await deliverQueuedMail(t);
    const expiring = linkToken(second?.text ?? "", "reset-password");
    await t.db
      .updateTable("password_reset_tokens")
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where("used_at", "is", null)
      .execute();
    expect((await confirm(expiring, "Another-new-password-1")).json().code).toBe("invalid_or_expired_token");
  });
});
