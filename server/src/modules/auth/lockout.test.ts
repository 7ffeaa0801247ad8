import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { createUser, deliverQueuedMail, signIn, TEST_PASSWORD } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { PASSWORD_RESET_JOB } from "./password-reset.js";

/** Lockouts of the second factor, re-authentication and emailed tokens; no timing oracle in reset requests. */
describe("lockouts", () => {
  const t = useTestContext({ env: { TRUST_PROXY: "true" } });
  const cookiesOf = (res: { cookies: { name: string; value: string }[] }) => {
    const m = new Map(res.cookies.map((c) => [c.name, c.value]));
    const cookie = `tandem_session=${m.get("tandem_session")}; tandem_csrf=${m.get("tandem_csrf")}`;
    return { cookie, "x-csrf-token": m.get("tandem_csrf") ?? "" };
  };
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "POST", url, payload, headers });

  it("locks the second factor after 5 wrong codes, even for the right code", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const setup = await post("/api/v1/auth/2fa/setup", { password: TEST_PASSWORD }, s.headers);
    const secret = setup.json().secret as string;
    const enabled = await post(
      "/api/v1/auth/2fa/enable",
      { code: authenticator.generate(secret) },
      s.headers,
    );
    expect(enabled.statusCode).toBe(200);
    const first = await post("/api/v1/auth/login", { email: user.email, password: TEST_PASSWORD });
    const half = cookiesOf(first);
    for (let i = 0; i < 5; i++) {
      expect((await post("/api/v1/auth/2fa", { code: "000000" }, half)).statusCode).toBe(401);
    }
    const locked = await post("/api/v1/auth/2fa", { code: authenticator.generate(secret) }, half);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers["retry-after"]).toBeDefined();
  });

  it("does not accept the code that enabled 2FA again at sign-in (no replay)", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const setup = await post("/api/v1/auth/2fa/setup", { password: TEST_PASSWORD }, s.headers);
    const secret = setup.json().secret as string;
    const code = authenticator.generate(secret);
    expect((await post("/api/v1/auth/2fa/enable", { code }, s.headers)).statusCode).toBe(200);
    const first = await post("/api/v1/auth/login", { email: user.email, password: TEST_PASSWORD });
    const replay = await post("/api/v1/auth/2fa", { code }, cookiesOf(first));
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe("invalid_code");
  });

  it("locks re-authentication after 5 wrong current passwords, even for the right one", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const change = (currentPassword: string) =>
      post("/api/v1/auth/change-password", { currentPassword, newPassword: "Brand-new-Pa55word" }, s.headers);
    for (let i = 0; i < 5; i++) expect((await change("wrong-password")).statusCode).toBe(422);
    const locked = await change(TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    const row = await t.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", user.id)
      .executeTakeFirst();
    expect(row?.password_hash).toBe(user.password_hash);
  });

  it("locks an address after 10 invalid reset or invitation tokens", async () => {
    const ip = { "x-forwarded-for": "203.0.113.77" };
    for (let i = 0; i < 5; i++) {
      const res = await post(
        "/api/v1/auth/password-reset/confirm",
        { token: `bad-${i}`, newPassword: "Xy-9-long-pass" },
        ip,
      );
      expect(res.statusCode).toBe(400);
    }
    for (let i = 0; i < 5; i++) {
      const res = await post(
        "/api/v1/invitations/accept",
        { token: `bad-${i}`, name: "X", password: "Xy-9-long-pass" },
        ip,
      );
      expect(res.statusCode).toBe(400);
    }
    const locked = [
      await post("/api/v1/auth/password-reset/confirm", { token: "t", newPassword: "Xy-9-long-pass" }, ip),
      await post("/api/v1/invitations/accept", { token: "t", name: "X", password: "Xy-9-long-pass" }, ip),
    ];
    expect(locked.map((r) => r.statusCode)).toEqual([429, 429]);
    const other = await post(
      "/api/v1/auth/password-reset/confirm",
      { token: "bad", newPassword: "Xy-9-long-pass" },
      { "x-forwarded-for": "203.0.113.78" },
    );
    expect(other.statusCode).toBe(400);
  });

  it("does the same work for known and unknown emails while answering a reset request", async () => {
    const user = await createUser(t.db);
    await deliverQueuedMail(t);
    const queued = async () =>
      Number(
        (
          await t.db
            .selectFrom("pgboss.job" as never)
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("name" as never, "=", PASSWORD_RESET_JOB as never)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await queued();
    for (const email of [user.email, "nobody-here@example.com"]) {
      const res = await post("/api/v1/auth/password-reset/request", { email });
      expect(res.statusCode).toBe(202);
    }
    // Nothing that depends on the address happened in the request: one queued lookup each, no token yet.
    expect(await queued()).toBe(before + 2);
    expect(await t.db.selectFrom("password_reset_tokens").select("id").execute()).toEqual([]);
    const mails = await deliverQueuedMail(t);
    expect(mails.map((m) => m.to)).toEqual([user.email]);
    expect(await t.db.selectFrom("password_reset_tokens").select("id").execute()).toHaveLength(1);
  });
});
