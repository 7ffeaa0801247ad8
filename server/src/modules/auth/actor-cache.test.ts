import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../platform/http/app.js";
import type { App } from "../../platform/http/types.js";
import { createUser, signIn, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { modules as allModules } from "../index.js";

/**
 * The actor cache (issue 10 item 21): a session's or token's actor is kept per process, and whatever changes it —
 * revocation, deletion, role, permissions, status, team — is announced by triggers through NOTIFY, so the next
 * request, in this process or another, sees it. The changes here are made on a connection of their own, as another
 * server process (or psql) would.
 */
describe("actor cache", () => {
  const t = useTestContext();
  let other: pg.Client;

  beforeAll(async () => {
    other = new pg.Client({ connectionString: t.url });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
  });

  const me = (app: App, headers: Record<string, string>) =>
    app.inject({ method: "GET", url: "/api/v1/me", headers });
  const sessionsOf = async (userId: string) =>
    (await other.query<{ id: string }>("select id from sessions where user_id = $1", [userId])).rows.map(
      (r) => r.id,
    );

  it("serves the actor from the cache: a change no trigger announces is not seen", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    expect((await me(t.app, s.headers)).statusCode).toBe(200);
    expect((await me(t.app, s.headers)).statusCode).toBe(200);
    await other.query("alter table sessions disable trigger sessions_auth_notify_update");
    try {
      await other.query("update sessions set revoked_at = now() where user_id = $1", [user.id]);
      // Served from the cache, which nobody told: this is what the triggers are for.
      expect((await me(t.app, s.headers)).statusCode).toBe(200);
    } finally {
      await other.query("alter table sessions enable trigger sessions_auth_notify_update");
    }
  });

  it("a session revoked or deleted on another connection is refused on the very next request", async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 10; i++) {
      const s = await signIn(t.app, user.email);
      const [id] = (await sessionsOf(user.id)).slice(-1);
      expect((await me(t.app, s.headers)).statusCode).toBe(200);
      expect((await me(t.app, s.headers)).statusCode).toBe(200);
      if (i % 2 === 0) await other.query("update sessions set revoked_at = now() where id = $1", [id]);
      else await other.query("delete from sessions where id = $1", [id]);
      expect((await me(t.app, s.headers)).statusCode, `round ${i}`).toBe(401);
    }
  });

  it("a revoked or expired API token is refused on the very next request", async () => {
    const user = await createUser(t.db);
    for (const change of [
      "update api_tokens set revoked_at = now() where user_id = $1",
      "update api_tokens set expires_at = now() - interval '1 second' where user_id = $1",
      "delete from api_tokens where user_id = $1",
    ]) {
      const headers = await tokenHeaders(t.db, user.id);
      expect((await me(t.app, headers)).statusCode).toBe(200);
      expect((await me(t.app, headers)).statusCode).toBe(200);
      await other.query(change, [user.id]);
      expect((await me(t.app, headers)).statusCode, change).toBe(401);
    }
  });

  it("role, permission and status changes apply to the next request", async () => {
    const user = await createUser(t.db, { roleKey: "sales_manager" });
    const headers = await tokenHeaders(t.db, user.id);
    const contacts = () => t.app.inject({ method: "GET", url: "/api/v1/contacts", headers });
    expect((await contacts()).statusCode).toBe(200);
    expect((await contacts()).statusCode).toBe(200);
    // A role of its own, so changing its permissions touches nobody else.
    const role = await other.query<{ id: string }>(
      `insert into roles (name, permissions, field_rules)
       select 'Cache probe', permissions, field_rules from roles where key = 'sales_manager' returning id`,
    );
    const roleId = role.rows[0]?.id;
    await other.query("update users set role_id = $1 where id = $2", [roleId, user.id]);
    expect((await contacts()).statusCode).toBe(200);
    await other.query(
      `update roles set permissions = permissions || '{"contacts": {"*": "none"}}'::jsonb where id = $1`,
      [roleId],
    );
    expect((await contacts()).statusCode).toBe(403);
    await other.query("update users set must_change_password = true where id = $1", [user.id]);
    expect((await me(t.app, headers)).statusCode).toBe(200);
    await other.query("update users set is_active = false where id = $1", [user.id]);
    expect((await me(t.app, headers)).statusCode).toBe(401);
  });

  it("a password-policy change applies to the next request", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    expect((await me(t.app, s.headers)).statusCode).toBe(200);
    const contacts = () => t.app.inject({ method: "GET", url: "/api/v1/contacts", headers: s.headers });
    expect((await contacts()).statusCode).toBe(200);
    // Passwords older than a day have expired; this one was set two days ago.
    await other.query("update users set password_changed_at = now() - interval '2 days' where id = $1", [
      user.id,
    ]);
    await other.query(
      `insert into app_settings (key, value) values ('password_policy', '{"maxAgeDays": 1}')
       on conflict (key) do update set value = app_settings.value || '{"maxAgeDays": 1}'::jsonb`,
    );
    try {
      const res = await contacts();
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe("password_change_required");
    } finally {
      await other.query(
        `update app_settings set value = value || '{"maxAgeDays": 0}'::jsonb where key = 'password_policy'`,
      );
    }
  });

  it("a sign-out through another instance is refused by this one at once", async () => {
    const second = await buildApp({ deps: t.deps, modules: allModules, logger: pino({ level: "silent" }) });
    try {
      const user = await createUser(t.db);
      for (let i = 0; i < 5; i++) {
        const s = await signIn(t.app, user.email);
        expect((await me(second, s.headers)).statusCode).toBe(200);
        expect((await me(second, s.headers)).statusCode).toBe(200);
        const out = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: s.headers });
        expect(out.statusCode, out.body).toBeLessThan(300);
        expect((await me(second, s.headers)).statusCode, `round ${i}`).toBe(401);
      }
    } finally {
      await second.close();
    }
  });
});
