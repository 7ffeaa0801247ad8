import { type SqlBool, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { registerEntity, registeredEntities } from "../../platform/access/entities.js";
import { createTeam, createUser, signIn, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

registerEntity("probe_deals", { table: "probe_deals", ownerColumn: "owner_id" });
registerEntity("probe_tasks", {
  table: "probe_tasks",
  ownerColumn: "owner_id",
  handover: (t) => sql<SqlBool>`not ${sql.ref(`${t}.done`)}`,
  label: "open probe tasks",
});

describe("deactivation with hand-over", () => {
  const t = useTestContext();
  let managerRoleId: string;

  beforeAll(async () => {
    await sql`
      create table probe_deals (id uuid primary key default gen_random_uuid(),
        owner_id uuid not null references users(id), created_by uuid references users(id));
      create trigger probe_deals_active_owner before insert or update of owner_id on probe_deals
        for each row execute function enforce_active_owner('owner_id');
      create table probe_tasks (id uuid primary key default gen_random_uuid(),
        owner_id uuid not null references users(id), done boolean not null default false);
    `.execute(t.db);
    // Users admin without being an Administrator (so "last administrator" can be tested).
    managerRoleId = (
      await t.db
        .insertInto("roles")
        .values({
          name: "People ops",
          permissions: JSON.stringify({}),
          field_rules: "{}",
          admin_permissions: ["users.manage"],
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });

  const deals = async (ownerId: string, n: number, createdBy?: string) => {
    const rows = await t.db
      .insertInto("probe_deals" as never)
      .values(
        Array.from({ length: n }, () => ({ owner_id: ownerId, created_by: createdBy ?? ownerId })) as never,
      )
      .returning("id" as never)
      .execute();
    return (rows as { id: string }[]).map((r) => r.id);
  };
  const tasks = async (ownerId: string, open: number, done: number) => {
    const values = [
      ...Array.from({ length: open }, () => ({ owner_id: ownerId, done: false })),
      ...Array.from({ length: done }, () => ({ owner_id: ownerId, done: true })),
    ];
    await sql`insert into probe_tasks (owner_id, done)
      select * from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(owner_id uuid, done boolean)`.execute(
      t.db,
    );
  };
  const ownersOf = async (table: string, ids?: string[]) => {
    const res = await sql<{ id: string; owner_id: string }>`select id, owner_id from ${sql.table(table)}
      ${ids ? sql`where id = any(${ids}::uuid[])` : sql``} order by id`.execute(t.db);
    return res.rows;
  };
  const admin = async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    return { user: a, headers: await tokenHeaders(t.db, a.id) };
  };

  it("reports what a user owns per registered entity, and how much of it is live work", async () => {
    const { headers } = await admin();
    const leaver = await createUser(t.db);
    await deals(leaver.id, 3);
    await tasks(leaver.id, 2, 5);
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/users/${leaver.id}/handover-plan`,
      headers,
    });
    expect(res.statusCode).toBe(200);
    const entries = res.json().entities as { entity: string; count: number; live: number }[];
    const counts = Object.fromEntries(entries.map((e) => [e.entity, e.count]));
    expect(counts).toMatchObject({ probe_deals: 3, probe_tasks: 7 });
    expect(entries.find((e) => e.entity === "probe_tasks")?.live).toBe(2);
    expect(counts.companies ?? 0).toBe(0);
  });

  it("requires a target for every entity with owned records and changes nothing otherwise", async () => {
    const { headers } = await admin();
    const leaver = await createUser(t.db);
    const heir = await createUser(t.db);
    await deals(leaver.id, 2);
    await tasks(leaver.id, 1, 0);
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${leaver.id}/deactivate`,
      headers,
      payload: { plan: { probe_deals: { toUserId: heir.id } } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: "body.plan.probe_tasks", code: "missing_target" }),
    ]);
    const still = await t.db
      .selectFrom("users")
      .select("is_active")
      .where("id", "=", leaver.id)
      .executeTakeFirstOrThrow();
    expect(still.is_active).toBe(true);
    expect((await ownersOf("probe_deals")).filter((r) => r.owner_id === heir.id)).toHaveLength(0);

    const inactive = await createUser(t.db);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", inactive.id).execute();
    const toInactive = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${leaver.id}/deactivate`,
      headers,
      payload: { plan: { probe_deals: { toUserId: inactive.id }, probe_tasks: { toUserId: heir.id } } },
    });
    expect(toInactive.statusCode).toBe(422);
    expect(toInactive.json().errors[0]).toMatchObject({
      field: "body.plan.probe_deals.toUserId",
      code: "inactive_user",
    });
  });

  it("hands everything over in one go: evenly across a team, revokes access, keeps authorship", async () => {
    const { headers, user: adminUser } = await admin();
    const team = await createTeam(t.db, "Heirs");
    const leaver = await createUser(t.db, { teamId: team.id });
    const members = await Promise.all([1, 2, 3].map(() => createUser(t.db, { teamId: team.id })));
    const gone = await createUser(t.db, { teamId: team.id });
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", gone.id).execute();
    await t.db.updateTable("teams").set({ head_id: leaver.id }).where("id", "=", team.id).execute();
    const dealIds = await deals(leaver.id, 7);
    await tasks(leaver.id, 2, 3);
    const taskHeir = await createUser(t.db);
    const session = await signIn(t.app, leaver.email);
    const token = await tokenHeaders(t.db, leaver.id);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/teams", headers: session.headers })).statusCode,
    ).toBe(200);

    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${leaver.id}/deactivate`,
      headers,
      payload: {
        plan: {
          probe_deals: { toTeamId: team.id, strategy: "even" },
          probe_tasks: { toUserId: taskHeir.id },
        },
        reason: "Left the company",
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      transferred: { probe_deals: 7, probe_tasks: 5 },
      sessionsRevoked: 1,
      tokensRevoked: 1,
    });

    // Round-robin in record-id order over active members in id order.
    const sortedMembers = members.map((m) => m.id).sort();
    const owners = await ownersOf("probe_deals", dealIds);
    expect(owners.map((r) => r.owner_id)).toEqual(owners.map((_, i) => sortedMembers[i % 3]));
    const openTasks = await sql<{ owner_id: string; done: boolean }>`select owner_id, done from probe_tasks
      where owner_id in (${leaver.id}, ${taskHeir.id})`.execute(t.db);
    // Closed work moves too: no record keeps an inactive owner.
    expect(openTasks.rows).toHaveLength(5);
    expect(openTasks.rows.every((r) => r.owner_id === taskHeir.id)).toBe(true);
    const authors = await sql<{ created_by: string }>`select created_by from probe_deals
      where id = any(${dealIds}::uuid[])`.execute(t.db);
    expect(authors.rows.every((r) => r.created_by === leaver.id)).toBe(true);

    const after = await t.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", leaver.id)
      .executeTakeFirstOrThrow();
    expect(after.is_active).toBe(false);
    expect(after.deactivated_at).not.toBeNull();
    const teamAfter = await t.db
      .selectFrom("teams")
      .select("head_id")
      .where("id", "=", team.id)
      .executeTakeFirstOrThrow();
    expect(teamAfter.head_id).toBeNull();
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/teams", headers: session.headers })).statusCode,
    ).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/teams", headers: token })).statusCode).toBe(
      401,
    );

    const events = await t.db
      .selectFrom("change_events")
      .selectAll()
      .where("action", "=", "reassign")
      .where("entity_id", "in", dealIds)
      .execute();
    expect(events).toHaveLength(7);
    expect(events[0]?.actor_id).toBe(adminUser.id);
    expect(events[0]?.changes).toMatchObject({
      ownerId: { before: leaver.id },
      reason: "Left the company",
      handover: true,
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "user.deactivated")
      .where("entity_id", "=", leaver.id)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ reason: "Left the company", transferred: { probe_deals: 7 } });

    const again = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${leaver.id}/deactivate`,
      headers,
      payload: { plan: {} },
    });
    expect(again.statusCode).toBe(409);
    const orphans = await t.app.inject({ method: "GET", url: "/api/v1/settings/orphaned-records", headers });
    expect(
      orphans
        .json()
        .items.filter((i: { owners: { id: string }[] }) => i.owners.some((o) => o.id === leaver.id)),
    ).toEqual([]);
  });

  it("refuses to deactivate yourself or the last active administrator", async () => {
    const { user: me, headers } = await admin();
    const self = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${me.id}/deactivate`,
      headers,
      payload: { plan: {} },
    });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe("cannot_deactivate_self");

    await t.db
      .updateTable("users")
      .set({ is_active: false })
      .where("id", "<>", me.id)
      .where(
        "role_id",
        "=",
        (await t.db.selectFrom("roles").select("id").where("key", "=", "admin").executeTakeFirstOrThrow()).id,
      )
      .execute();
    const ops = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: managerRoleId }).where("id", "=", ops.id).execute();
    const last = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${me.id}/deactivate`,
      headers: await tokenHeaders(t.db, ops.id),
      payload: { plan: {} },
    });
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe("last_administrator");
  });

  it("lists every record of an inactive owner, closed work too, and the database refuses an inactive owner", async () => {
    const { headers } = await admin();
    const ghost = await createUser(t.db, { name: "Ghost owner" });
    await deals(ghost.id, 2);
    await tasks(ghost.id, 0, 4);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", ghost.id).execute();
    const res = await t.app.inject({ method: "GET", url: "/api/v1/settings/orphaned-records", headers });
    expect(res.statusCode).toBe(200);
    const deal = res.json().items.find((i: { entity: string }) => i.entity === "probe_deals");
    expect(deal.owners).toContainEqual({ id: ghost.id, name: "Ghost owner", count: 2 });
    const closed = res.json().items.find((i: { entity: string }) => i.entity === "probe_tasks");
    expect(closed.owners).toContainEqual({ id: ghost.id, name: "Ghost owner", count: 4 });

    await expect(deals(ghost.id, 1)).rejects.toThrow(/active user/);
    await expect(sql`insert into probe_deals (owner_id) values (null)`.execute(t.db)).rejects.toThrow();
  });
  it("every registered entity's owner column is NOT NULL and references users", async () => {
    const entities = registeredEntities();
    expect(entities.map((e) => e.name)).toContain("probe_deals");
    for (const e of entities) {
      const column = await sql<{ is_nullable: string }>`select is_nullable from information_schema.columns
        where table_name = ${e.table} and column_name = ${e.ownerColumn}`.execute(t.db);
      expect(column.rows, `${e.name}.${e.ownerColumn}`).toEqual([{ is_nullable: "NO" }]);
      const fk = await sql<{ target: string }>`
        select ccu.table_name as target from information_schema.key_column_usage k
        join information_schema.table_constraints tc on tc.constraint_name = k.constraint_name
          and tc.constraint_type = 'FOREIGN KEY'
        join information_schema.constraint_column_usage ccu on ccu.constraint_name = k.constraint_name
        where k.table_name = ${e.table} and k.column_name = ${e.ownerColumn}`.execute(t.db);
      expect(fk.rows, `${e.name}.${e.ownerColumn} foreign key`).toContainEqual({ target: "users" });
    }
  });
});
