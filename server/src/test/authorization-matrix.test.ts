import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ROLES } from "../modules/identity/default-roles.js";
import { type Action, scopeFor } from "../platform/access/actor.js";
import { type ApiRoute, apiRoutes } from "../platform/http/app.js";
import { type AppModule, access } from "../platform/http/types.js";
import { entityCatalog } from "../platform/records/catalog.js";
import { createTeam, createUser, type RoleKey, tokenHeaders } from "./auth.js";
import { type EntityFactory, entityFactory, loadEntityFactories } from "./entity-factories.js";
import { useTestContext } from "./harness.js";
import { otherEntityRoute, SCOPE_NONE_ONLY } from "./matrix-routes.js";
import { actorFor, expectedWrite, OWNERS, type Owner, ok, visible } from "./matrix-support.js";

/**
 * The authorization matrix, generated from the route table: every default role × every `/api/v1` route whose
 * access rule is `entity` × a record owned by the caller, by a colleague in the caller's team and by someone in
 * another team. Expected answers come from the role's grants (`scopeFor`): records within the action's scope
 * answer 2xx; records the caller cannot even read answer 404 (never 403, so existence cannot be probed); a
 * record the caller can read but not change answers 403 or 404; an action the role lacks entirely answers 403.
 */

type Kind = "list" | "get" | "create" | "update" | "delete" | "other";

interface EntityRoute extends ApiRoute {
  entity: string;
  action: Action;
  kind: Kind;
}

function classify(route: ApiRoute): EntityRoute | null {
  if (route.access.kind !== "entity") return null;
  const { entity, action } = route.access;
  const resource = entity.replace(/_/g, "-");
  const collection = entityCatalog().get(entity)?.apiPath ?? `/api/v1/${resource}`;
  const member = `${collection}/:id`;
  const is = (method: string, url: string) => route.method === method && route.url === url;
  let kind: Kind = "other";
  if (is("GET", collection) && action === "read") kind = "list";
  else if (is("POST", collection) && action === "create") kind = "create";
  else if (is("GET", member) && action === "read") kind = "get";
  else if (is("PATCH", member) && action === "update") kind = "update";
  else if (is("DELETE", member) && action === "delete") kind = "delete";
  return { ...route, entity, action, kind };
}

/** Entity routes of an app whose entity has no test-record factory (the matrix cannot cover them). */
function uncoveredRoutes(routes: readonly ApiRoute[], hasFactory: (e: string) => boolean): string[] {
  return routes
    .flatMap((r) =>
      r.access.kind === "entity" && !hasFactory(r.access.entity) ? [`${r.method} ${r.url}`] : [],
    )
    .sort();
}

describe("authorization matrix", () => {
  const t = useTestContext();
  let routes: EntityRoute[] = [];

  beforeAll(async () => {
    await loadEntityFactories();
    routes = apiRoutes(t.app).flatMap((r) => classify(r) ?? []);
  });

  it("has a test-record factory for every entity with routes and every declared entity", () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(uncoveredRoutes(apiRoutes(t.app), (e) => entityFactory(e) !== undefined)).toEqual([]);
    // A declared entity is covered by the matrix once it has a factory (`modules/<domain>/test-factory.ts`).
    expect(t.deps.entities.names().filter((e) => !entityFactory(e))).toEqual([]);
  });

  for (const role of DEFAULT_ROLES) {
    it(`${role.key}: every entity route answers as the role's scopes imply`, async () => {
      const actor = actorFor(role);
      const teamA = await createTeam(t.db, `Matrix A ${role.key}`);
      const teamB = await createTeam(t.db, `Matrix B ${role.key}`);
      const me = await createUser(t.db, { roleKey: role.key as RoleKey, teamId: teamA.id });
      const colleague = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
      const outsider = await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id });
      const ownerIds: Record<Owner, string> = { self: me.id, team: colleague.id, other: outsider.id };
      const headers = await tokenHeaders(t.db, me.id);
      const failures: string[] = [];
      const check = (route: EntityRoute, what: string, status: number, expected: number[]) => {
        if (!expected.includes(status)) {
          failures.push(
            `${route.method} ${route.url} ${what}: got ${status}, expected ${expected.join("|")}`,
          );
        }
      };

      const entities = [...new Set(routes.map((r) => r.entity))];
      const records = new Map<string, Record<Owner, string>>();
      for (const entity of entities) {
        const factory = entityFactory(entity) as EntityFactory;
        const ids = {} as Record<Owner, string>;
        for (const o of OWNERS) ids[o] = await factory.create(t.db, ownerIds[o]);
        records.set(entity, ids);
      }

      // Deletes last: they change what the other routes would see.
      const ordered = [...routes].sort((a, b) => Number(a.kind === "delete") - Number(b.kind === "delete"));
      for (const route of ordered) {
        const factory = entityFactory(route.entity) as EntityFactory;
        const owned = factory.owned !== false;
        const scope = scopeFor(actor, route.entity, route.action);
        const ids = records.get(route.entity) as Record<Owner, string>;
        const call = (method: string, url: string, payload?: object) =>
          t.app.inject({ method: method as "GET", url, headers, ...(payload ? { payload } : {}) });
        const memberUrl = (id: string) => route.url.replace(":id", id);

        switch (route.kind) {
          case "list": {
            const res = await call("GET", `${route.url}?limit=500`);
            if (scope === "none") {
              check(route, "without scope", res.statusCode, [403]);
              break;
            }
            check(route, "list", res.statusCode, [200]);
            const listed = new Set((res.json().items as { id: string }[]).map((i) => i.id));
            for (const o of OWNERS) {
              if (listed.has(ids[o]) !== visible(scope, o, owned)) {
                failures.push(`${route.url} as ${role.key}: ${o}'s record listed=${listed.has(ids[o])}`);
              }
            }
            break;
          }
          case "get":
            for (const o of OWNERS) {
              const res = await call("GET", memberUrl(ids[o]));
              check(route, `${o}'s record`, res.statusCode, visible(scope, o, owned) ? [200] : [404]);
            }
            break;
          case "create": {
            const res = await call("POST", route.url, await factory.createBody(t.db, me.id));
            check(route, "create", res.statusCode, scope === "none" ? [403] : [200, 201]);
            break;
          }
          case "update":
          case "delete":
            for (const o of OWNERS) {
              const body = route.kind === "update" ? await factory.updateBody(t.db) : undefined;
              const res = await call(route.method, memberUrl(ids[o]), body);
              // Outside the action's scope: 404 when the caller cannot even read the record. A record they can
              // read anyway may answer 403 or 404 (its existence is no secret to them).
              const readable = visible(scopeFor(actor, route.entity, "read"), o, owned);
              const expected =
                scope === "none"
                  ? [403]
                  : visible(scope, o, owned)
                    ? [200, 204]
                    : readable
                      ? [403, 404]
                      : [404];
              check(route, `${o}'s record`, res.statusCode, expected);
            }
            break;
          default: {
            const key = `${route.method} ${route.url}`;
            const other = otherEntityRoute(key);
            if (!other) {
              if (!SCOPE_NONE_ONLY[key])
                failures.push(`${key}: not in OTHER_ENTITY_ROUTES nor SCOPE_NONE_ONLY`);
              // A role without the action never succeeds on it.
              if (scope !== "none") break;
              const url = route.url.replace(/:(\w+)/g, () => ids.self);
              const res = await call(route.method, url, route.method === "GET" ? undefined : {});
              if (ok(res.statusCode)) failures.push(`${key}: ${res.statusCode} without scope`);
              break;
            }
            // Fresh records: these routes change state (complete, move, restore).
            for (const o of OWNERS) {
              const id = await factory.create(t.db, ownerIds[o]);
              await other.prepare?.(t.db, route.entity, id);
              const body = other.body ? await other.body(t.db, id) : route.method === "GET" ? undefined : {};
              const res = await call(route.method, memberUrl(id), body);
              const readable = visible(scopeFor(actor, route.entity, "read"), o, owned);
              const inScope = visible(scope, o, owned);
              const expected =
                route.method === "GET" ? (inScope ? [200] : [404]) : expectedWrite(scope, inScope, readable);
              check(route, `${o}'s record`, res.statusCode, expected);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe("authorization matrix guard", () => {
  const probe: AppModule = {
    name: "probe",
    routes(app) {
      app.get(
        "/api/v1/unfactoried-things",
        { config: { access: access.entity("unfactoried_things", "read") } },
        () => ({
          items: [],
        }),
      );
    },
  };
  const t = useTestContext({ modules: [probe] });

  it("reports an entity route without a test-record factory", () => {
    expect(uncoveredRoutes(apiRoutes(t.app), (e) => entityFactory(e) !== undefined)).toEqual([
      "GET /api/v1/unfactoried-things",
    ]);
  });
});
