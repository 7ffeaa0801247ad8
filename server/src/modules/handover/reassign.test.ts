import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { registerEntity } from "../../platform/access/entities.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { entityFactory, loadEntityFactories } from "../../test/entity-factories.js";
import { useTestContext } from "../../test/harness.js";
import { flushAudit } from "../audit/test-support.js";

registerEntity("probe_leads", { table: "probe_leads", ownerColumn: "owner_id" });

describe("bulk reassignment", () => {
  const t = useTestContext();
  let roleId: string;

  beforeAll(async () => {
    await sql`create table probe_leads (id uuid primary key default gen_random_uuid(),
      owner_id uuid not null references users(id))`.execute(t.db);
    roleId = (
      await t.db
        .insertInto("roles")
        .values({
          name: "Lead keeper",
          permissions: JSON.stringify({ probe_leads: { read: "team", assign: "own" } }),
          field_rules: "{}",
          admin_permissions: [],
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });

  const leads = async (ownerId: string, n: number) => {
    const res = await sql<{ id: string }>`insert into probe_leads (owner_id)
      select ${ownerId}::uuid from generate_series(1, ${n}) returning id`.execute(t.db);
    return res.rows.map((r) => r.id);
  };
  const keeper = async (teamId?: string) => {
    const u = await createUser(t.db, { teamId: teamId ?? null });
    await t.db.updateTable("users").set({ role_id: roleId }).where("id", "=", u.id).execute();
    return { user: u, headers: await tokenHeaders(t.db, u.id) };
  };
  const owners = async (ids: string[]) =>
    (
      await sql<{ owner_id: string }>`select distinct owner_id from probe_leads
        where id = any(${ids}::uuid[])`.execute(t.db)
    ).rows.map((r) => r.owner_id);

  it("moves the caller's records to an active colleague with one change event each", async () => {
    const me = await keeper();
    const colleague = await createUser(t.db);
    const ids = await leads(me.user.id, 3);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: me.headers,
      payload: { entity: "probe_leads", ids: [...ids, ids[0]], toUserId: colleague.id, reason: "Vacation" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ entity: "probe_leads", reassigned: 3, unchanged: 0 });
    expect(await owners(ids)).toEqual([colleague.id]);
    const events = await t.db
      .selectFrom("change_events")
      .selectAll()
      .where("entity", "=", "probe_leads")
      .where("entity_id", "in", ids)
      .execute();
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      action: "reassign",
      actor_id: me.user.id,
      changes: { ownerId: { before: me.user.id, after: colleague.id }, reason: "Vacation" },
    });
  });

  it("answers 404 for the whole request when one record is outside the assign scope; nothing moves", async () => {
    const team = await createTeam(t.db, "Lead team");
    const me = await keeper(team.id);
    const teammate = await createUser(t.db, { teamId: team.id });
    const mine = await leads(me.user.id, 2);
    const theirs = await leads(teammate.id, 1);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: me.headers,
      payload: { entity: "probe_leads", ids: [...mine, ...theirs], toUserId: teammate.id },
    });
    expect(res.statusCode).toBe(404);
    expect(await owners(mine)).toEqual([me.user.id]);
    const missing = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: me.headers,
      payload: { entity: "probe_leads", ids: [crypto.randomUUID()], toUserId: teammate.id },
    });
    expect(missing.statusCode).toBe(404);
  });

  it("refuses inactive targets, unknown entities, roles without assign and oversized requests", async () => {
    const me = await keeper();
    const ids = await leads(me.user.id, 1);
    const gone = await createUser(t.db);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", gone.id).execute();
    const send = (payload: object, headers = me.headers) =>
      t.app.inject({ method: "POST", url: "/api/v1/reassign", headers, payload });
    const inactive = await send({ entity: "probe_leads", ids, toUserId: gone.id });
    expect(inactive.statusCode).toBe(422);
    expect(inactive.json().errors[0]).toMatchObject({ field: "body.toUserId", code: "inactive_user" });
    const unknown = await send({ entity: "unicorns", ids, toUserId: me.user.id });
    expect(unknown.json().errors[0].code).toBe("unknown_entity");
    const reader = await createUser(t.db, { roleKey: "read_only" });
    const denied = await send(
      { entity: "probe_leads", ids, toUserId: reader.id },
      await tokenHeaders(t.db, reader.id),
    );
    expect(denied.statusCode).toBe(403);
    const tooMany = await send({
      entity: "probe_leads",
      ids: Array.from({ length: 10_001 }, () => crypto.randomUUID()),
      toUserId: me.user.id,
    });
    expect(tooMany.statusCode).toBe(422);
    expect(await owners(ids)).toEqual([me.user.id]);
  });

  it("reassigns 10,000 records in one request", async () => {
    const me = await keeper();
    const colleague = await createUser(t.db);
    const ids = await leads(me.user.id, 10_000);
    const started = performance.now();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: me.headers,
      payload: { entity: "probe_leads", ids, toUserId: colleague.id },
    });
    const ms = Math.round(performance.now() - started);
    expect(res.statusCode).toBe(200);
    expect(res.json().reassigned).toBe(10_000);
    expect(await owners(ids)).toEqual([colleague.id]);
    console.info(`reassign of 10,000 records: ${ms} ms`);
    expect(ms).toBeLessThan(20_000);

    const auditStarted = performance.now();
    expect(await flushAudit(t)).toBeGreaterThanOrEqual(10_000);
    console.info(
      `relay + audit.changes for 10,000 events: ${Math.round(performance.now() - auditStarted)} ms`,
    );
    const rows = await t.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("action", "=", "record.reassigned")
      .where("entity", "=", "probe_leads")
      .where("actor_id", "=", me.user.id)
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(10_000);
  }, 120_000);
  it("works on a real CRM entity: a head of sales moves a teammate's company", async () => {
    await loadEntityFactories();
    const factory = entityFactory("companies");
    if (!factory) throw new Error("companies has no test factory");
    const team = await createTeam(t.db, "Real team");
    const head = await createUser(t.db, { roleKey: "head_of_sales", teamId: team.id });
    const leaver = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const heir = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const companyId = await factory.create(t.db, leaver.id);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: await tokenHeaders(t.db, head.id),
      payload: { entity: "companies", ids: [companyId], toUserId: heir.id },
    });
    expect(res.statusCode).toBe(200);
    const got = await t.app.inject({
      method: "GET",
      url: `/api/v1/companies/${companyId}`,
      headers: await tokenHeaders(t.db, heir.id),
    });
    expect(got.json().ownerId).toBe(heir.id);
    const seller = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: await tokenHeaders(t.db, leaver.id),
      payload: { entity: "companies", ids: [companyId], toUserId: leaver.id },
    });
    expect(seller.statusCode).toBe(404);
  });
});
