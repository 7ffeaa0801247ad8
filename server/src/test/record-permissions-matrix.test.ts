import { isDeepStrictEqual } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ROLES } from "../modules/identity/default-roles.js";
import { scopeFor } from "../platform/access/actor.js";
import { entityCatalog } from "../platform/records/catalog.js";
import type { EntityDefinition } from "../platform/records/definition.js";
import { createTeam, createUser, type RoleKey, tokenHeaders } from "./auth.js";
import { type EntityFactory, entityFactory, loadEntityFactories } from "./entity-factories.js";
import { useTestContext } from "./harness.js";
import { actorFor, OWNERS, type Owner, ok, visible } from "./matrix-support.js";

/**
 * Per-record `permissions` against the server's own answers: every owned entity (activities included) × every
 * default role × a record owned by the caller, a teammate and an outsider — and, for entities declaring
 * read-only records (`readOnlyWhen`: system timeline items), such a record for each owner too. What a record
 * presents must follow the definition's write rule (the role's scopes on the owner; no update or delete on a
 * read-only record), the list must present the same, and the write it promises must be the write the server
 * accepts (update, reassign, delete) — refused exactly when the record says so.
 */
type Perms = { update: boolean; delete: boolean; assign: boolean; locked?: true };

describe("record permissions matrix", () => {
  const t = useTestContext();
  let entities: EntityDefinition[] = [];

  beforeAll(async () => {
    await loadEntityFactories();
    entities = entityCatalog()
      .owned()
      .filter((d) => entityFactory(d.name));
  });

  it("covers every owned entity, activities and their read-only system items included", () => {
    expect(entities.map((d) => d.name)).toEqual(expect.arrayContaining(["activities", "deals", "tasks"]));
    expect(entities.length).toBeGreaterThanOrEqual(6);
    for (const d of entities.filter((e) => e.readOnlyWhen)) {
      expect(entityFactory(d.name)?.createReadOnly, `${d.name} factory: createReadOnly`).toBeDefined();
    }
  });

  for (const role of DEFAULT_ROLES) {
    it(`${role.key}: presented permissions follow the scopes and match what the server accepts`, async () => {
      const actor = actorFor(role);
      const teamA = await createTeam(t.db, `Perms A ${role.key}`);
      const teamB = await createTeam(t.db, `Perms B ${role.key}`);
      const me = await createUser(t.db, { roleKey: role.key as RoleKey, teamId: teamA.id });
      const colleague = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
      const outsider = await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id });
      const ownerIds: Record<Owner, string> = { self: me.id, team: colleague.id, other: outsider.id };
      const headers = await tokenHeaders(t.db, me.id);
      const call = (method: string, url: string, payload?: object) =>
        t.app.inject({ method: method as "GET", url, headers, ...(payload ? { payload } : {}) });
      const failures: string[] = [];

      for (const def of entities) {
        const factory = entityFactory(def.name) as EntityFactory;
        const base = def.apiPath ?? `/api/v1/${def.name}`;
        const cases: { o: Owner; id: string; locked: boolean }[] = [];
        for (const o of OWNERS) {
          cases.push({ o, id: await factory.create(t.db, ownerIds[o]), locked: false });
          if (factory.createReadOnly) {
            cases.push({ o, id: await factory.createReadOnly(t.db, ownerIds[o]), locked: true });
          }
        }
        const expected = (o: Owner, locked: boolean): Perms => {
          const assign = visible(scopeFor(actor, def.name, "assign"), o, true);
          if (locked) return { update: false, delete: false, assign, locked: true };
          return {
            update: visible(scopeFor(actor, def.name, "update"), o, true),
            delete: visible(scopeFor(actor, def.name, "delete"), o, true),
            assign,
          };
        };

        const listed = new Map<string, Perms>();
        if (scopeFor(actor, def.name, "read") !== "none") {
          const list = await call("GET", `${base}?limit=500`);
          for (const i of list.json().items as { id: string; permissions: Perms }[]) {
            listed.set(i.id, i.permissions);
          }
        }

        for (const { o, id, locked } of cases) {
          const where = `${def.name} ${o}'s ${locked ? "read-only " : ""}record as ${role.key}`;
          const got = await call("GET", `${base}/${id}`);
          if (got.statusCode !== 200) continue; // not readable: the read matrix covers the 404
          const perms = got.json().permissions as Perms | undefined;
          if (!perms || !isDeepStrictEqual(perms, expected(o, locked))) {
            failures.push(
              `${where}: presented ${JSON.stringify(perms)}, expected ${JSON.stringify(expected(o, locked))}`,
            );
            continue;
          }
          if (!isDeepStrictEqual(listed.get(id), perms)) {
            failures.push(`${where}: the list presents ${JSON.stringify(listed.get(id))}`);
          }
          const agree = (action: string, allowed: boolean, status: number) => {
            if (ok(status) !== allowed)
              failures.push(`${where}: ${action} allowed=${allowed} but got ${status}`);
            else if (!allowed && ![403, 404, 422].includes(status)) {
              failures.push(`${where}: ${action} refused with ${status}`);
            }
          };
          const patched = await call("PATCH", `${base}/${id}`, await factory.updateBody(t.db));
          agree("update", perms.update, patched.statusCode);
          // Handing the record to its current owner changes nothing but runs every check of a reassignment.
          const reassigned = await call("POST", "/api/v1/reassign", {
            entity: def.name,
            ids: [id],
            toUserId: ownerIds[o],
            reason: "permissions matrix",
          });
          agree("assign", perms.assign, reassigned.statusCode);
          const deleted = await call("DELETE", `${base}/${id}`);
          agree("delete", perms.delete, deleted.statusCode);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
