import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createUser, signIn, TEST_PASSWORD, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("sign-in and sessions", () => {
  const t = useTestContext();
  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password }, headers });

  it("signs in, sets HttpOnly Lax session and CSRF cookies, and answers /me", async () => {
    const user = await createUser(t.db, { roleKey: "admin", name: "Ada" });
    const res = await login(user.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: "ok",
      twoFactorRequired: false,
      user: { id: user.id, name: "Ada", isAdmin: true },
    });
    const session = res.cookies.find((c) => c.name === "tandem_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(session?.secure).toBeFalsy();
    expect(res.cookies.find((c) => c.name === "tandem_csrf")?.httpOnly).toBeFalsy();
    const stored = await t.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).not.toBe(session?.value);
    const s = await signIn(t.app, user.email);
    const me = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      email: user.email,
      mustChangePassword: false,
      twoFactorEnabled: false,
      twoFactorSetupRequired: false,
      team: null,
      role: { key: "admin" },
      adminPermissions: ["*"],
    });
  });

  it("answers wrong password and unknown email identically", async () => {
    const user = await createUser(t.db);
    const wrong = await login(user.email, "not-the-password");
    const unknown = await login("nobody@example.com", "not-the-password");
    for (const r of [wrong, unknown]) {
      expect(r.statusCode).toBe(401);
      expect(r.cookies).toHaveLength(0);
    }
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined, instance: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe("invalid_credentials");
    const audits = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("action", "=", "auth.login.failed")
      .execute();
    expect(audits).toEqual(
      expect.arrayContaining([
        { action: "auth.login.failed", actor_id: user.id },
        { action: "auth.login.failed", actor_id: null },
      ]),
    );
  });

  it("rejects requests without a session and with a garbage cookie", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me" })).statusCode).toBe(401);
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: "tandem_session=abc" },
    });
    expect(res.statusCode).toBe(401);
  });

  it("issues a new session id at login and revokes the one the client sent (no fixation)", async () => {
    const user = await createUser(t.db);
    const first = await signIn(t.app, user.email);
    const second = await login(user.email, TEST_PASSWORD, { cookie: first.cookie });
    expect(second.statusCode).toBe(200);
    const newCookie = second.cookies.find((c) => c.name === "tandem_session")?.value;
    expect(newCookie).toBeDefined();
    expect(first.cookie).not.toContain(newCookie);
    const old = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: first.headers });
    expect(old.statusCode).toBe(401);
    const fresh = await t.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: `tandem_session=${newCookie}` },
    });
    expect(fresh.statusCode).toBe(200);
  });

  it("requires the CSRF header on cookie-authenticated writes but not with a bearer token", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const noHeader = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: { cookie: s.cookie },
      payload: { name: "Changed" },
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe("csrf_failed");
    const wrongHeader = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: { cookie: s.cookie, "x-csrf-token": `${s.csrf.slice(0, -1)}x` },
      payload: { name: "Changed" },
    });
    expect(wrongHeader.json().code).toBe("csrf_failed");
    const ok = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: s.headers,
      payload: { name: "Changed" },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe("Changed");
    const bearer = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: await tokenHeaders(t.db, user.id),
      payload: { timeZone: "Asia/Almaty", language: "kk" },
    });
    expect(bearer.statusCode).toBe(200);
    expect(bearer.json()).toMatchObject({ name: "Changed", timeZone: "Asia/Almaty", language: "kk" });
    const badTz = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: s.headers,
      payload: { timeZone: "Mars/Base" },
    });
    expect(badTz.statusCode).toBe(422);
    const events = await t.db
      .selectFrom("change_events")
      .select("changes")
      .where("entity_id", "=", user.id)
      .execute();
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it("expires sessions after the idle timeout and the absolute lifetime", async () => {
    const user = await createUser(t.db);
    const idle = await signIn(t.app, user.email);
    const absolute = await signIn(t.app, user.email);
    const me = (s: { headers: Record<string, string> }) =>
      t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers });
    expect((await me(idle)).statusCode).toBe(200);
    const sessions = await t.db
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", user.id)
      .orderBy("created_at")
      .execute();
    const [idleId, absId] = sessions.map((s) => s.id);
    // Default idle timeout is 12 h: a session last seen 13 h ago is over.
    await t.db
      .updateTable("sessions")
      .set({ last_seen_at: sql<Date>`now() - interval '13 hours'` })
      .where("id", "=", idleId!)
      .execute();
    await t.db
      .updateTable("sessions")
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where("id", "=", absId!)
      .execute();
    expect((await me(idle)).statusCode).toBe(401);
    expect((await me(absolute)).statusCode).toBe(401);
  });

  it("touches last_seen_at at most once a minute", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const seen = () =>
      t.db
        .selectFrom("sessions")
        .select("last_seen_at")
        .where("user_id", "=", user.id)
        .executeTakeFirstOrThrow();
    const before = (await seen()).last_seen_at;
    await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers });
    expect((await seen()).last_seen_at).toEqual(before);
    await t.db
      .updateTable("sessions")
      .set({ last_seen_at: sql<Date>`now() - interval '5 minutes'` })
      .where("user_id", "=", user.id)
      .execute();
    await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers });
    expect((await seen()).last_seen_at.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it("logs out one session, lists and deletes sessions, and logs out everywhere", async () => {
    const user = await createUser(t.db);
    const a = await signIn(t.app, user.email);
    const b = await signIn(t.app, user.email);
    const c = await signIn(t.app, user.email);
    const out = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: a.headers });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: a.headers })).statusCode).toBe(
      401,
    );
    const list = await t.app.inject({ method: "GET", url: "/api/v1/auth/sessions", headers: b.headers });
    expect(list.json().items).toHaveLength(2);
    const other = list.json().items.find((s: { current: boolean }) => !s.current);
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/auth/sessions/${other.id}`,
      headers: b.headers,
    });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: c.headers })).statusCode).toBe(
      401,
    );
    const d = await signIn(t.app, user.email);
    const all = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout-everywhere",
      headers: b.headers,
    });
    expect(all.statusCode).toBe(204);
    for (const s of [b, d]) {
      expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers })).statusCode).toBe(
        401,
      );
    }
  });

  it("refuses sessions and tokens of a deactivated user at once", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const token = await tokenHeaders(t.db, user.id);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: token })).statusCode).toBe(200);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", user.id).execute();
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers })).statusCode).toBe(
      401,
    );
    const tokenRes = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: token });
    expect(tokenRes.statusCode).toBe(401);
    expect(tokenRes.json().code).toBe("invalid_token");
    expect((await login(user.email, TEST_PASSWORD)).json().code).toBe("invalid_credentials");
  });
});
