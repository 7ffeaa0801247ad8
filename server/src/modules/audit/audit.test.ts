import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { registerEntity } from "../../platform/access/entities.js";
import { ownerScope } from "../../platform/access/scope.js";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";
import type { DeliveredEvent } from "../../platform/events/consumer.js";
import { recordChange } from "../../platform/events/outbox.js";
import { requestContext } from "../../platform/http/authorize.js";
import { type AppModule, access } from "../../platform/http/types.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { modules } from "../index.js";
import { AUDIT_CHANGES_JOB, writeChangeAudit } from "./consumer.js";
import { flushAudit } from "./test-support.js";

registerEntity("probe_things", { table: "probe_things", ownerColumn: "owner_id" });

/** A tiny owned entity with the same write path as the CRM modules. */
const probe: AppModule = {
  name: "probe",
  events: defineChangeEvents("probe_things", {
    create: [fieldChanges({ title: z.string(), secret: z.string() }), "A probe thing was created."],
  }),
  routes(app, { db }) {
    app.post(
      "/api/v1/probe-things",
      {
        config: { access: access.entity("probe_things", "create") },
        schema: { body: z.strictObject({ title: z.string(), secret: z.string() }) },
      },
      async (request, reply) => {
        const ctx = requestContext(request);
        const id = await db.transaction().execute(async (trx) => {
          const row = await sql<{ id: string }>`
            insert into probe_things (owner_id, title, secret)
            values (${ctx.actor.userId}, ${request.body.title}, ${request.body.secret}) returning id`.execute(
            trx,
          );
          const thingId = row.rows[0]?.id as string;
          await recordChange(
            trx,
            { actorId: ctx.actor.userId },
            {
              entity: "probe_things",
              entityId: thingId,
              action: "create",
              changes: {
                title: { before: null, after: request.body.title },
                secret: { before: null, after: request.body.secret },
              },
            } as never, // a test entity: not in the app's static catalogue
          );
          return thingId;
        });
        return reply.code(201).send({ id });
      },
    );
    app.get(
      "/api/v1/probe-things/:id",
      { config: { access: access.entity("probe_things", "read") } },
      async (request) => {
        const ctx = requestContext(request);
        const { id } = request.params as { id: string };
        const found = await sql`select id from probe_things where id = ${id}
          and ${ownerScope(ctx.actor, "probe_things", "read", "owner_id")}`.execute(db);
        return { visible: found.rows.length > 0 };
      },
    );
  },
};

describe("audit log", () => {
  const t = useTestContext({ modules: [...modules, probe] });

  async function setup() {
    await sql`create table if not exists probe_things (
      id uuid primary key default gen_random_uuid(),
      owner_id uuid not null references users(id),
      title text not null, secret text not null)`.execute(t.db);
    const role = await t.db
      .insertInto("roles")
      .values({
        name: `Probe reader ${Math.random()}`,
        permissions: JSON.stringify({ probe_things: { read: "own", create: "own" } }),
        field_rules: JSON.stringify({ probe_things: { secret: "hidden" } }),
        admin_permissions: [],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const owner = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", owner.id).execute();
    const other = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", other.id).execute();
    const admin = await createUser(t.db, { roleKey: "admin" });
    return {
      owner,
      other,
      admin,
      ownerHeaders: { ...(await tokenHeaders(t.db, owner.id)), "user-agent": "probe-agent/1.0" },
      otherHeaders: await tokenHeaders(t.db, other.id),
      adminHeaders: await tokenHeaders(t.db, admin.id),
    };
  }

  it("turns change events into record.* rows with field diff, actor, request id, IP and user agent", async () => {
    const s = await setup();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/probe-things",
      headers: { ...s.ownerHeaders, "x-request-id": "req-audit-1" },
      payload: { title: "Hello", secret: "42" },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    expect(await flushAudit(t)).toBeGreaterThan(0);
    const row = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      action: "record.created",
      actor_id: s.owner.id,
      entity: "probe_things",
      request_id: "req-audit-1",
      user_agent: "probe-agent/1.0",
      changes: { title: { before: null, after: "Hello" }, secret: { before: null, after: "42" } },
    });
    expect(row.ip).toBeTruthy();
    expect(row.change_event_id).not.toBeNull();
  });

  it("is idempotent: a redelivered batch adds no rows", async () => {
    const s = await setup();
    await t.app.inject({
      method: "POST",
      url: "/api/v1/probe-things",
      headers: s.ownerHeaders,
      payload: { title: "Twice", secret: "x" },
    });
    expect(await t.relay.drain(AUDIT_CHANGES_JOB)).toBeGreaterThan(0);
    const events: DeliveredEvent[] = (await t.db.selectFrom("change_events").selectAll().execute()).map(
      (r) => ({
        id: r.id,
        position: String(r.position),
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action,
        changes: r.changes,
        actorId: r.actor_id,
        requestId: r.request_id,
        occurredAt: r.occurred_at.toISOString(),
      }),
    );
    await writeChangeAudit(t.db, events);
    const ids = events.map((e) => e.id);
    const rows = await t.db
      .selectFrom("audit_log")
      .select("id")
      .where("change_event_id", "in", ids)
      .execute();
    expect(rows).toHaveLength(ids.length);
  });

  it("serves a record's history to whoever can read it, without hidden fields; 404 to others", async () => {
    const s = await setup();
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/probe-things",
      headers: s.ownerHeaders,
      payload: { title: "Mine", secret: "s3cret" },
    });
    const id = created.json().id as string;
    await flushAudit(t);
    const url = `/api/v1/audit-log/records/probe_things/${id}`;
    const own = await t.app.inject({ method: "GET", url, headers: s.ownerHeaders });
    expect(own.statusCode).toBe(200);
    const items = own.json().items;
    expect(items).toHaveLength(1);
    expect(items[0].changes).toEqual({ title: { before: null, after: "Mine" } });
    expect(JSON.stringify(own.json())).not.toContain("s3cret");

    const stranger = await t.app.inject({ method: "GET", url, headers: s.otherHeaders });
    expect(stranger.statusCode).toBe(404);
    const unknown = await t.app.inject({
      method: "GET",
      url: `/api/v1/audit-log/records/unicorns/${id}`,
      headers: s.adminHeaders,
    });
    expect(unknown.statusCode).toBe(404);
    const asAdmin = await t.app.inject({ method: "GET", url, headers: s.adminHeaders });
    expect(asAdmin.json().items[0].changes.secret.after).toBe("s3cret");
  });

  it("searches the log by actor, action prefix, entity and time, newest first, with keyset pages", async () => {
    const s = await setup();
    for (const title of ["a", "b", "c"]) {
      await t.app.inject({
        method: "POST",
        url: "/api/v1/probe-things",
        headers: s.ownerHeaders,
        payload: { title, secret: "x" },
      });
    }
    await flushAudit(t);
    const base = `/api/v1/audit-log?actorId=${s.owner.id}&action=record.&entity=probe_things&limit=2`;
    const first = await t.app.inject({ method: "GET", url: base, headers: s.adminHeaders });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toEqual({ count: 3, capped: false });
    expect(page1.items[0].changes.title.after).toBe("c");
    expect(page1.items[0].actor).toEqual({ id: s.owner.id, name: s.owner.name });
    const second = await t.app.inject({
      method: "GET",
      url: `${base}&cursor=${page1.nextCursor}`,
      headers: s.adminHeaders,
    });
    expect(
      second.json().items.map((i: { changes: { title: { after: string } } }) => i.changes.title.after),
    ).toEqual(["a"]);
    expect(second.json().nextCursor).toBeNull();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await t.app.inject({
      method: "GET",
      url: `${base}&from=${encodeURIComponent(future)}`,
      headers: s.adminHeaders,
    });
    expect(none.json().items).toHaveLength(0);
    const wildcard = await t.app.inject({
      method: "GET",
      url: `/api/v1/audit-log?actorId=${s.owner.id}&action=%25`,
      headers: s.adminHeaders,
    });
    expect(wildcard.json().items).toHaveLength(0);
    const badCursor = await t.app.inject({
      method: "GET",
      url: `${base}&cursor=xyz`,
      headers: s.adminHeaders,
    });
    expect(badCursor.statusCode).toBe(400);
  });

  it("records permission denials with actor, route and what was needed", async () => {
    const s = await setup();
    const denied = await t.app.inject({ method: "GET", url: "/api/v1/audit-log", headers: s.ownerHeaders });
    expect(denied.statusCode).toBe(403);
    const row = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "permission.denied")
      .where("actor_id", "=", s.owner.id)
      .executeTakeFirstOrThrow();
    expect(row.details).toMatchObject({ route: "GET /api/v1/audit-log", permission: "audit.read" });
    expect(row.user_agent).toBe("probe-agent/1.0");

    const seller = await createUser(t.db, { roleKey: "sales_manager" });
    const sellerHeaders = await tokenHeaders(t.db, seller.id);
    const hidden = await t.app.inject({
      method: "GET",
      url: `/api/v1/probe-things/${crypto.randomUUID()}`,
      headers: sellerHeaders,
    });
    expect(hidden.statusCode).toBe(404);
    const entityRow = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "permission.denied")
      .where("actor_id", "=", seller.id)
      .executeTakeFirstOrThrow();
    expect(entityRow).toMatchObject({ entity: "probe_things" });
    expect(entityRow.details).toMatchObject({ route: "GET /api/v1/probe-things/:id", action: "read" });
  });

  it("cannot be changed or removed by the application's database role", async () => {
    const s = await setup();
    await t.app.inject({ method: "GET", url: "/api/v1/audit-log", headers: s.otherHeaders });
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom("audit_log")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await expect(sql`update audit_log set action = 'tampered'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
    const tampered = await t.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "tampered")
      .execute();
    expect(tampered).toHaveLength(0);
  });

  it("stays append-only with replication-role sessions, and for a non-owner app role by privilege", async () => {
    await sql`insert into audit_log (action) values ('probe.kept')`.execute(t.db);
    // `session_replication_role = replica` skips ordinary triggers; the audit triggers fire ALWAYS.
    await expect(
      t.db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`delete from audit_log where action = 'probe.kept'`.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
    // The separate application role docs/SECURITY.md recommends for external databases.
    // Roles are cluster-wide: a unique name, dropped at the end.
    const appRole = `tandem_app_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const role = sql.id(appRole);
    await sql`create role ${role} nologin`.execute(t.db);
    await sql`grant usage on schema public to ${role}`.execute(t.db);
    await sql`grant select, insert, update, delete on all tables in schema public to ${role}`.execute(t.db);
    await sql`grant usage, select on all sequences in schema public to ${role}`.execute(t.db);
    await sql`revoke update, delete, truncate on audit_log from ${role}`.execute(t.db);
    await t.db.transaction().execute(async (trx) => {
      await sql`set local role ${role}`.execute(trx);
      await sql`insert into audit_log (action) values ('probe.as_app')`.execute(trx);
    });
    for (const statement of [
      sql`update audit_log set action = 'x'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
      sql`alter table audit_log disable trigger audit_log_no_update`,
    ]) {
      await expect(
        t.db.transaction().execute(async (trx) => {
          await sql`set local role ${role}`.execute(trx);
          await statement.execute(trx);
        }),
      ).rejects.toThrow(/permission denied|must be owner/);
    }
    const kept = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "in", ["probe.kept", "probe.as_app"])
      .execute();
    expect(kept.map((r) => r.action).sort()).toEqual(["probe.as_app", "probe.kept"]);
    await sql`drop owned by ${role}`.execute(t.db);
    await sql`drop role ${role}`.execute(t.db);
  });
});
