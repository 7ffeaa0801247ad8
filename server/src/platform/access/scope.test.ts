import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { entityFactory, loadEntityFactories } from "../../test/entity-factories.js";
import { useTestContext } from "../../test/harness.js";
import type { Scope } from "../db/tables.js";
import { actorForUser } from "../records/actor.js";
import type { Actor } from "./actor.js";
import { registeredEntities } from "./entities.js";
import { ownerScope } from "./scope.js";

/**
 * Team scopes bind the team's users as an array (`owner_id = any($ids)`, issue 10 item 20) instead of asking
 * `users` in a subquery. For every owned entity, scope and kind of user, both forms must select the same records,
 * and the records a JS reading of the rule expects.
 */
describe("ownerScope with resolved team members", () => {
  const t = useTestContext();
  const users: Record<string, { id: string; teamId: string | null }> = {};
  /** entity → record id → owner id */
  const owners = new Map<string, Map<string, string>>();

  beforeAll(async () => {
    await loadEntityFactories();
    const a = await createTeam(t.db, "Scope A");
    const b = await createTeam(t.db, "Scope B");
    for (const [key, teamId] of [
      ["a1", a.id],
      ["a2", a.id],
      ["b1", b.id],
      ["solo", null],
    ] as const) {
      users[key] = { id: (await createUser(t.db, { teamId })).id, teamId };
    }
    const gone = await createUser(t.db, { teamId: a.id });
    users.gone = { id: gone.id, teamId: a.id };
    for (const def of registeredEntities()) {
      const factory = entityFactory(def.name);
      if (!factory || factory.owned === false) continue;
      const records = new Map<string, string>();
      for (const u of Object.values(users)) records.set(await factory.create(t.db, u.id), u.id);
      owners.set(def.name, records);
    }
    // An inactive team member still counts (as before): handing over is how their records change owner.
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", gone.id).execute();
  });

  const withScope = (actor: Actor, entity: string, scope: Scope): Actor => ({
    ...actor,
    permissions: { [entity]: { read: scope } },
  });

  it("resolves the team's users (active or not) when the actor is built", async () => {
    const a1 = await actorForUser(t.db, users.a1?.id as string);
    expect([...(a1?.teamUserIds ?? [])].sort()).toEqual(
      [users.a1?.id, users.a2?.id, users.gone?.id].sort() as string[],
    );
    const solo = await actorForUser(t.db, users.solo?.id as string);
    expect(solo?.teamUserIds).toEqual([]);
  });

  it("selects the same records as the subquery form, for every entity, scope and user", async () => {
    expect(owners.size).toBeGreaterThanOrEqual(5);
    for (const def of registeredEntities()) {
      const records = owners.get(def.name);
      if (!records) continue;
      for (const who of ["a1", "b1", "solo"]) {
        const me = users[who] as { id: string; teamId: string | null };
        const built = (await actorForUser(t.db, me.id)) as Actor;
        for (const scope of ["none", "own", "team", "all"] as const) {
          const resolved = withScope(built, def.name, scope);
          const { teamUserIds: _dropped, ...subquery } = resolved;
          const read = async (actor: Actor) =>
            (
              await sql<{ id: string }>`select id::text as id from ${sql.table(def.table)}
                where id = any(${[...records.keys()]}::uuid[])
                  and ${ownerScope(actor, def.name, "read", def.ownerColumn)}`.execute(t.db)
            ).rows
              .map((r) => r.id)
              .sort();
          const expected = [...records]
            .filter(([, owner]) => {
              if (scope === "all") return true;
              if (scope === "own" || (scope === "team" && me.teamId === null)) return owner === me.id;
              if (scope === "team")
                return Object.values(users).some((u) => u.id === owner && u.teamId === me.teamId);
              return false;
            })
            .map(([id]) => id)
            .sort();
          const label = `${def.name} ${scope} as ${who}`;
          expect(await read(resolved), label).toEqual(expected);
          expect(await read(subquery), label).toEqual(expected);
        }
      }
    }
  });

  it("binds a team scope as one array of owner ids, not a subquery", () => {
    const actor: Actor = {
      userId: "00000000-0000-4000-8000-000000000001",
      teamId: "00000000-0000-4000-8000-0000000000aa",
      teamUserIds: ["00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000001"],
      roleId: "r",
      permissions: { contacts: { read: "team" } },
      fieldRules: {},
      adminPermissions: new Set(),
      readOnly: false,
      sessionId: null,
      apiTokenId: null,
    };
    const compiled = t.db
      .selectFrom("contacts as c")
      .select("c.id")
      .where(ownerScope(actor, "contacts", "read", "c.owner_id"))
      .compile();
    expect(compiled.sql).toContain('"c"."owner_id" = any($1::uuid[])');
    expect(compiled.sql).not.toContain("users");
    expect(compiled.parameters).toEqual([
      ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"],
    ]);
  });

  it("a team-scoped list over HTTP follows a team change on the next request", async () => {
    const contacts = owners.get("contacts") as Map<string, string>;
    const headers = await tokenHeaders(t.db, users.a1?.id as string);
    const list = async () => {
      const res = await t.app.inject({ method: "GET", url: "/api/v1/contacts?limit=500", headers });
      expect(res.statusCode, res.body).toBe(200);
      const ids = new Set((res.json().items as { id: string }[]).map((c) => c.id));
      return [...contacts].filter(([id]) => ids.has(id)).map(([, owner]) => owner);
    };
    // The sales manager's role reads contacts at team scope.
    expect((await list()).sort()).toEqual([users.a1?.id, users.a2?.id, users.gone?.id].sort());
    await t.db
      .updateTable("users")
      .set({ team_id: users.b1?.teamId as string })
      .where("id", "=", users.a2?.id as string)
      .execute();
    expect((await list()).sort()).toEqual([users.a1?.id, users.gone?.id].sort());
  });
});
