import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { createUser, deliverQueuedMail, signIn, TEST_PASSWORD } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

const cookiesOf = (res: { cookies: { name: string; value: string }[] }) => {
  const m = new Map(res.cookies.map((c) => [c.name, c.value]));
  const cookie = `tandem_session=${m.get("tandem_session")}; tandem_csrf=${m.get("tandem_csrf")}`;
  return { cookie, "x-csrf-token": m.get("tandem_csrf") ?? "" };
};

// A code from the step before or after the current one, so it differs from any code used just now.
const otherStepCode = (secret: string) =>
  authenticator.clone({ epoch: Date.now() - 30_000 }).generate(secret);
// A code of the next step: the code that enabled 2FA (current step) is spent, sign-in needs a later one.
const nextStepCode = (secret: string) => authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);

describe("two-factor authentication", () => {
  const t = useTestContext();

  async function enable(email: string) {
    const s = await signIn(t.app, email);
    const wrongPw = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa/setup",
      headers: s.headers,
      payload: { password: "wrong-password" },
    });
    expect(wrongPw.statusCode).toBe(422);
    expect(wrongPw.json().errors[0]).toMatchObject({ field: "password", code: "invalid_password" });
    const setup = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa/setup",
      headers: s.headers,
      payload: { password: TEST_PASSWORD },
    });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl } = setup.json();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Tandem%20CRM:/);
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa/enable",
      headers: s.headers,
      payload: { code: "000000" },
    });
    expect(bad.statusCode).toBe(422);
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa/enable",
      headers: s.headers,
      payload: { code: authenticator.generate(secret) },
    });
    expect(ok.statusCode).toBe(200);
    const codes: string[] = ok.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    return { secret, codes, session: s };
  }

  it("enables TOTP, then sign-in needs the second factor", async () => {
    const user = await createUser(t.db);
    const { secret } = await enable(user.email);
    const stored = await t.db
      .selectFrom("two_factor_recovery_codes")
      .select("code_hash")
      .where("user_id", "=", user.id)
      .execute();
    expect(stored).toHaveLength(10);
    const mails = await deliverQueuedMail(t);
    expect(mails.find((m) => m.to === user.email)?.subject).toBe("Two-factor authentication enabled");

    const first = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(first.json()).toEqual({ status: "twoFactorRequired", twoFactorRequired: true });
    const half = cookiesOf(first);
    // The half-authenticated session is not a session yet.
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: half })).statusCode).toBe(401);
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa",
      headers: half,
      payload: { code: "123456" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe("invalid_code");
    const noCsrf = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa",
      headers: { cookie: half.cookie },
      payload: { code: authenticator.generate(secret) },
    });
    expect(noCsrf.json().code).toBe("csrf_failed");
    const usedCode = nextStepCode(secret);
    const done = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa",
      headers: half,
      payload: { code: usedCode },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: "ok", user: { id: user.id, twoFactorEnabled: true } });
    const full = cookiesOf(done);
    // The same code cannot be used for a second sign-in within its 30-second window.
    const replay = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    const replayed = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa",
      headers: cookiesOf(replay),
      payload: { code: usedCode },
    });
    expect(replayed.json().code).toBe("invalid_code");
    expect(full.cookie).not.toBe(half.cookie);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: full })).statusCode).toBe(200);
    // The pending cookie was replaced and cannot be completed twice.
    const again = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa",
      headers: half,
      payload: { code: authenticator.generate(secret) },
    });
    expect(again.json().code).toBe("two_factor_session_expired");
    const actions = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("actor_id", "=", user.id)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "auth.2fa.enabled",
        "auth.2fa.failed",
        "auth.2fa.succeeded",
        "auth.login.succeeded",
      ]),
    );
  });

  it("accepts a recovery code once", async () => {
    const user = await createUser(t.db);
    const { codes } = await enable(user.email);
    const signInWith = async (code: string) => {
      const first = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: user.email, password: TEST_PASSWORD },
      });
      return t.app.inject({
        method: "POST",
        url: "/api/v1/auth/2fa",
        headers: cookiesOf(first),
        payload: { code },
      });
    };
    const code = codes[3] ?? "";
    expect((await signInWith(code.toUpperCase())).statusCode).toBe(200);
    const reused = await signInWith(code);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe("invalid_code");
  });

  it("disables 2FA with password and code", async () => {
    const user = await createUser(t.db);
    const { secret } = await enable(user.email);
    const first = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    const done = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa",
      headers: cookiesOf(first),
      payload: { code: nextStepCode(secret) },
    });
    const headers = cookiesOf(done);
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa/disable",
      headers,
      payload: { password: TEST_PASSWORD, code: "111111" },
    });
    expect(wrong.statusCode).toBe(422);
    const off = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa/disable",
      headers,
      payload: { password: TEST_PASSWORD, code: otherStepCode(secret) },
    });
    expect(off.statusCode).toBe(204);
    const row = await t.db
      .selectFrom("users")
      .select(["two_factor_enabled", "totp_secret"])
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ two_factor_enabled: false, totp_secret: null });
    const plain = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(plain.json().status).toBe("ok");
  });

  it("restricts a user whose role requires 2FA to the set-up endpoints until it is enabled", async () => {
    const user = await createUser(t.db, { roleKey: "accountant" });
    await t.db
      .updateTable("roles")
      .set({ require_two_factor: true })
      .where("key", "=", "accountant")
      .execute();
    const s = await signIn(t.app, user.email);
    const me = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers });
    expect(me.json().twoFactorSetupRequired).toBe(true);
    const blocked = await t.app.inject({ method: "GET", url: "/api/v1/api-tokens", headers: s.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe("two_factor_setup_required");
    const setup = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa/setup",
      headers: s.headers,
      payload: { password: TEST_PASSWORD },
    });
    expect(setup.statusCode).toBe(200);
    const enable = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa/enable",
      headers: s.headers,
      payload: { code: authenticator.generate(setup.json().secret) },
    });
    expect(enable.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/api-tokens", headers: s.headers })).statusCode,
    ).toBe(200);
    // Required by the role, so it cannot be switched off.
    const off = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/2fa/disable",
      headers: s.headers,
      payload: { password: TEST_PASSWORD, code: otherStepCode(setup.json().secret) },
    });
    expect(off.statusCode).toBe(409);
    await t.db
      .updateTable("roles")
      .set({ require_two_factor: false })
      .where("key", "=", "accountant")
      .execute();
  });

  it("applies the policy's requireTwoFactorForAll", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const s = await signIn(t.app, admin.email);
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/v1/settings/password-policy",
      headers: s.headers,
      payload: { minLength: 12, maxAgeDays: 0, historySize: 5, requireTwoFactorForAll: true },
    });
    expect(put.statusCode).toBe(200);
    const me = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers });
    expect(me.json().twoFactorSetupRequired).toBe(true);
    const blocked = await t.app.inject({
      method: "GET",
      url: "/api/v1/settings/password-policy",
      headers: s.headers,
    });
    expect(blocked.json().code).toBe("two_factor_setup_required");
    await t.db.deleteFrom("app_settings").where("key", "=", "password_policy").execute();
  });
});
