import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ROLES } from "../modules/identity/default-roles.js";
import { scopeFor } from "../platform/access/actor.js";
import { entityDefinition } from "../platform/access/entities.js";
import { createTeam, createUser, type RoleKey, tokenHeaders } from "./auth.js";
import { entityFactory, loadEntityFactories, registeredFactories } from "./entity-factories.js";
import { useTestContext } from "./harness.js";
import { actorFor, OWNERS, type Owner, visible } from "./matrix-support.js";

/**
 * The authorization matrix of the report builder: for every default role and every entity with a test factory,
 * `POST /api/v1/reports/run` counting records owned by the caller, a teammate and an outsider counts exactly the
 * ones the role may read (the same cells as the list matrix); an entity the role cannot read is refused.
 */
describe("authorization matrix: report runs", () => {
  const t = useTestContext();
  beforeAll(async () => {
    await loadEntityFactories();
  });

  for (const role of DEFAULT_ROLES) {
    it(`${role.key}: a report counts exactly the records the role may read`, async () => {
      const actor = actorFor(role);
      const failures: string[] = [];
      for (const entity of registeredFactories()) {
        const factory = entityFactory(entity);
        const def = entityDefinition(entity);
        if (!factory || factory.owned === false || !def?.ownerColumn) continue;
        // Fresh people per entity: each owns exactly the record made here.
        const teamA = await createTeam(t.db, `Rep A ${role.key} ${entity}`);
        const teamB = await createTeam(t.db, `Rep B ${role.key} ${entity}`);
        const me = await createUser(t.db, { roleKey: role.key as RoleKey, teamId: teamA.id });
        const mate = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
        const outsider = await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id });
        const owners: Record<Owner, string> = { self: me.id, team: mate.id, other: outsider.id };
        for (const o of OWNERS) await factory.create(t.db, owners[o]);
        const owner = def.fields.find((f) => f.column === def.ownerColumn)?.key ?? "ownerId";
        const res = await t.app.inject({
          method: "POST",
          url: "/api/v1/reports/run",
          headers: await tokenHeaders(t.db, me.id),
          payload: {
            definition: {
              entity,
              filter: { field: owner, op: "in", value: Object.values(owners) },
              groupBy: [{ field: owner }],
              measures: [{ fn: "count" }],
              chart: "table",
            },
          },
        });
        const scope = scopeFor(actor, entity, "read");
        if (scope === "none") {
          if (res.statusCode !== 403) failures.push(`${entity}: ${res.statusCode} without read scope`);
          continue;
        }
        if (res.statusCode !== 200) {
          failures.push(`${entity}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          continue;
        }
        const seen = new Set((res.json().rows as { d0: string }[]).map((r) => r.d0));
        const expected = new Set(OWNERS.filter((o) => visible(scope, o, true)).map((o) => owners[o]));
        const counts = (res.json().rows as { m0: number }[]).map((r) => r.m0);
        if ([...seen].sort().join() !== [...expected].sort().join() || counts.some((c) => c < 1)) {
          failures.push(`${entity}: saw ${[...seen].length} owners, expected ${expected.size} (${scope})`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
