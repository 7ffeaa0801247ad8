import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, createPool } from "../../platform/db/database.js";
import { actorConfirmationSyncs, buildApp } from "../../platform/http/app.js";
import type { App } from "../../platform/http/types.js";
import { createUser, signIn, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { modules as allModules } from "../index.js";

/**
 * A GET served with a cached actor runs at once and is confirmed by its own statement (issue 10 item 21): the
 * app's pool connections LISTEN `tandem_auth`, so no round trip of its own — and still, a session revoked or
 * changed in another process (its own pool, its own cache) is refused or narrowed on the very next request.
 */
describe("actor confirmation by the request's own statements", () => {
  const t = useTestContext();
  let other: pg.Client;
  let second: App;
  let secondPool: pg.Pool;

  beforeAll(async () => {
    other = new pg.Client({ connectionString: t.url });
    await other.connect();
    // A second app process: its own pool, authenticator, actor cache and listeners on the same database.
    secondPool = createPool(t.url, 5);
    const deps = { ...t.deps, pool: secondPool, db: createDb(secondPool) };
    second = await buildApp({ deps, modules: allModules, logger: pino({ level: "silent" }) });
    await second.ready();
  });
  afterAll(async () => {
    await second.close();
    await secondPool.end();
    await other.end();
  });

  const newContact = async (headers: Record<string, string>) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers,
      payload: { firstName: "Probe", lastName: "Contact" },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const get = (app: App, id: string, headers: Record<string, string>) =>
    app.inject({ method: "GET", url: `/api/v1/contacts/${id}`, headers });

  it("record GETs served from the cache make no round trip of their own", async () => {
    const user = await createUser(t.db);
    const headers = await tokenHeaders(t.db, user.id);
    const id = await newContact(headers);
    for (let i = 0; i < 5; i++) expect((await get(second, id, headers)).statusCode).toBe(200);
    const before = actorConfirmationSyncs(second);
    for (let i = 0; i < 20; i++) expect((await get(second, id, headers)).statusCode).toBe(200);
    expect(actorConfirmationSyncs(second) - before).toBe(0);
  });

  it("a sign-out in one process is refused by the next GET in the other", async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 10; i++) {
      const s = await signIn(t.app, user.email);
      const id = await newContact(s.headers);
      expect((await get(second, id, s.headers)).statusCode).toBe(200);
      expect((await get(second, id, s.headers)).statusCode).toBe(200);
      const out = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: s.headers });
      expect(out.statusCode, out.body).toBeLessThan(300);
      const res = await get(second, id, s.headers);
      expect(res.statusCode, `round ${i}: ${res.body}`).toBe(401);
      expect(res.headers["content-type"]).toMatch(/problem\+json/);
    }
  });

  it("a session or token revoked on another connection is refused by the next GET, every round", async () => {
    const user = await createUser(t.db);
    const id = await newContact(await tokenHeaders(t.db, user.id));
    for (let i = 0; i < 10; i++) {
      const headers = await tokenHeaders(t.db, user.id);
      expect((await get(second, id, headers)).statusCode).toBe(200);
      expect((await get(second, id, headers)).statusCode).toBe(200);
      await other.query(
        "update api_tokens set revoked_at = now() where user_id = $1 and revoked_at is null",
        [user.id],
      );
      expect((await get(second, id, headers)).statusCode, `round ${i}`).toBe(401);
    }
  });

  it("a narrowed role applies to the next GET in the other process", async () => {
    const user = await createUser(t.db);
    const headers = await tokenHeaders(t.db, user.id);
    const id = await newContact(headers);
    const role = await other.query<{ id: string }>(
      `insert into roles (name, permissions, field_rules)
       select 'Confirmation probe', permissions, field_rules from roles where key = 'sales_manager' returning id`,
    );
    await other.query("update users set role_id = $1 where id = $2", [role.rows[0]?.id, user.id]);
    for (let i = 0; i < 3; i++) expect((await get(second, id, headers)).statusCode).toBe(200);
    await other.query(
      `update roles set permissions = permissions || '{"contacts": {"*": "none"}}'::jsonb where id = $1`,
      [role.rows[0]?.id],
    );
    // Refused as any record the role may not read is (404, nothing revealed).
    const res = await get(second, id, headers);
    expect(res.statusCode, res.body).toBe(404);
  });
});
