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
          permissions: JSON.stringify({ probe_leads: { read: "team", assign: "team" } }),
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
  let sharedTeam: string;
  const keeper = async (teamId?: string) => {
    sharedTeam ??= (await createTeam(t.db, "Keepers")).id;
    const u = await createUser(t.db, { teamId: teamId ?? sharedTeam });
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
    const colleague = await createUser(t.db, { teamId: sharedTeam });
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
    const outsider = await createUser(t.db);
    const mine = await leads(me.user.id, 2);
    const theirs = await leads(outsider.id, 1);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: me.headers,
      payload: { entity: "probe_leads", ids: [...mine, ...theirs], toUserId: teammate.id, reason: "Cover" },
    });
    expect(res.statusCode).toBe(404);
    expect(await owners(mine)).toEqual([me.user.id]);
    const missing = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: me.headers,
      payload: { entity: "probe_leads", ids: [crypto.randomUUID()], toUserId: teammate.id, reason: "Cover" },
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
    const inactive = await send({ entity: "probe_leads", ids, toUserId: gone.id, reason: "Cover" });
    expect(inactive.statusCode).toBe(422);
    expect(inactive.json().errors[0]).toMatchObject({ field: "body.toUserId", code: "inactive_user" });
    const unknown = await send({ entity: "unicorns", ids, toUserId: me.user.id, reason: "Cover" });
    expect(unknown.json().errors[0].code).toBe("unknown_entity");
    const reader = await createUser(t.db, { roleKey: "read_only" });
    const denied = await send(
      { entity: "probe_leads", ids, toUserId: reader.id, reason: "Cover" },
      await tokenHeaders(t.db, reader.id),
    );
    expect(denied.statusCode).toBe(403);
    const tooMany = await send({
      entity: "probe_leads",
      ids: Array.from({ length: 10_001 }, () => crypto.randomUUID()),
      toUserId: me.user.id,
      reason: "Cover",
    });
    expect(tooMany.statusCode).toBe(422);
    expect(await owners(ids)).toEqual([me.user.id]);
  });

  it("reassigns 10,000 records in one request", async () => {
    const me = await keeper();
    const colleague = await createUser(t.db, { teamId: sharedTeam });
    const ids = await leads(me.user.id, 10_000);
    const started = performance.now();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: me.headers,
      payload: { entity: "probe_leads", ids, toUserId: colleague.id, reason: "Re-org" },
    });
    const ms = Math.round(performance.now() - started);
    expect(res.statusCode).toBe(200);
    expect(res.json().reassigned).toBe(10_000);
    expect(await owners(ids)).toEqual([colleague.id]);
    console.info(`reassign of 10,000 records: ${ms} ms`);

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
      payload: { entity: "companies", ids: [companyId], toUserId: heir.id, reason: "Leaving" },
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
      payload: { entity: "companies", ids: [companyId], toUserId: leaver.id, reason: "Back" },
    });
    expect(seller.statusCode).toBe(404);
  });

  it("requires a non-empty reason and writes it to the audit log", async () => {
    const me = await keeper();
    const colleague = await createUser(t.db, { teamId: sharedTeam });
    const ids = await leads(me.user.id, 1);
    const send = (payload: object) =>
      t.app.inject({ method: "POST", url: "/api/v1/reassign", headers: me.headers, payload });
    for (const reason of [undefined, "", "   ", "x".repeat(1001)]) {
      const res = await send({ entity: "probe_leads", ids, toUserId: colleague.id, reason });
      expect(res.statusCode, String(reason)).toBe(422);
      expect(res.json().errors[0].field).toBe("body.reason");
    }
    expect(await owners(ids)).toEqual([me.user.id]);
    expect(
      (await send({ entity: "probe_leads", ids, toUserId: colleague.id, reason: " Holiday " })).statusCode,
    ).toBe(200);
    await flushAudit(t);
    const row = await t.db
      .selectFrom("audit_log")
      .select("details")
      .where("entity_id", "=", ids[0] as string)
      .where("action", "=", "record.reassigned")
      .executeTakeFirstOrThrow();
    expect(row.details).toMatchObject({ reason: "Holiday" });
  });

  it("only gives records to users within the caller's assign scope", async () => {
    const team = await createTeam(t.db, "Scoped team");
    const manager = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const teammate = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const outsider = await createUser(t.db, { roleKey: "sales_manager" });
    const head = await createUser(t.db, { roleKey: "head_of_sales", teamId: team.id });
    const admin = await createUser(t.db, { roleKey: "admin" });
    await loadEntityFactories();
    const factory = entityFactory("deals");
    if (!factory) throw new Error("deals has no test factory");
    const send = async (userId: string, ids: string[], toUserId: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/reassign",
        headers: await tokenHeaders(t.db, userId),
        payload: { entity: "deals", ids, toUserId, reason: "Scope check" },
      });
    const dealOf = async (ownerId: string) => factory.create(t.db, ownerId);
    // sales_manager: assign own → only to themselves.
    const own = await send(manager.id, [await dealOf(manager.id)], teammate.id);
    expect(own.statusCode).toBe(422);
    expect(own.json().errors[0]).toMatchObject({ field: "body.toUserId", code: "target_out_of_scope" });
    // head_of_sales: assign team → team members, not outsiders.
    const teamDeal = await dealOf(teammate.id);
    const out = await send(head.id, [teamDeal], outsider.id);
    expect(out.json().errors?.[0]?.code).toBe("target_out_of_scope");
    expect((await send(head.id, [teamDeal], manager.id)).statusCode).toBe(200);
    // admin: assign all → anyone active.
    expect((await send(admin.id, [teamDeal], outsider.id)).statusCode).toBe(200);
    const owner = await t.db
      .selectFrom("deals")
      .select("owner_id")
      .where("id", "=", teamDeal)
      .executeTakeFirst();
    expect(owner?.owner_id).toBe(outsider.id);
  });

  it("answers 404 for a soft-deleted record and leaves it with its owner", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const seller = await createUser(t.db, { roleKey: "sales_manager" });
    await loadEntityFactories();
    const factory = entityFactory("companies");
    if (!factory) throw new Error("companies has no test factory");
    const id = await factory.create(t.db, seller.id);
    await t.db.updateTable("companies").set({ deleted_at: new Date() }).where("id", "=", id).execute();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/reassign",
      headers: await tokenHeaders(t.db, admin.id),
      payload: { entity: "companies", ids: [id], toUserId: admin.id, reason: "Cleanup" },
    });
    expect(res.statusCode).toBe(404);
    const row = await t.db.selectFrom("companies").select("owner_id").where("id", "=", id).executeTakeFirst();
    expect(row?.owner_id).toBe(seller.id);
  });
});
