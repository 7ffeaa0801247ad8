import { beforeAll, describe, expect, it } from "vitest";
import { runExport } from "../modules/exports/service.js";
import { DEFAULT_ROLES } from "../modules/identity/default-roles.js";
import { scopeFor } from "../platform/access/actor.js";
import { entityDefinition } from "../platform/access/entities.js";
import { apiRoutes } from "../platform/http/app.js";
import { type AppModule, access } from "../platform/http/types.js";
import { createTeam, createUser, type RoleKey, tokenHeaders } from "./auth.js";
import { entityFactory, loadEntityFactories, registeredFactories } from "./entity-factories.js";
import { useTestContext } from "./harness.js";
import { AUTHENTICATED_RECORD_ROUTES, takesRecords } from "./matrix-routes.js";
import { actorFor, narrower, OWNERS, type Owner, visible } from "./matrix-support.js";

/**
 * The authorization matrix for routes whose access rule is only `authenticated` but which touch records:
 * export contents (read ∩ export scope), another user's export, a record's audit history (read scope) and
 * bulk reassignment (assign scope), for every default role × records owned by the caller, a teammate and an
 * outsider. The guard below makes every other such route name where its scope is enforced.
 */

function recordRoutesMissingReason(routes: ReturnType<typeof apiRoutes>): string[] {
  return routes
    .filter((r) => r.access.kind === "authenticated" && takesRecords(r))
    .map((r) => `${r.method} ${r.url}`)
    .filter((key) => !AUTHENTICATED_RECORD_ROUTES[key])
    .sort();
}

function csvColumn(body: string, column: string): string[] {
  const lines = body
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter(Boolean);
  const header = (lines[0] ?? "").split(",");
  // Exports head columns with their labels ("Id"), so the key matches its label case-insensitively.
  const at = header.findIndex((h) => h.replace(/^"|"$/g, "").toLowerCase() === column.toLowerCase());
  if (at < 0) throw new Error(`no ${column} column in: ${lines[0]}`);
  return lines.slice(1).map((l) => (l.split(",")[at] ?? "").replace(/^"|"$/g, ""));
}

describe("authorization matrix: authenticated routes that touch records", () => {
  const t = useTestContext();
  let exportable: string[] = [];

  beforeAll(async () => {
    await loadEntityFactories();
    const post = apiRoutes(t.app).find((r) => r.method === "POST" && r.url === "/api/v1/exports");
    const body = post?.schema?.body as { shape?: { entity?: { options?: string[] } } } | undefined;
    exportable = body?.shape?.entity?.options ?? [];
  });

  it("lists every authenticated route that takes a record or entity, with a reason", () => {
    expect(exportable.length).toBeGreaterThan(0);
    expect(recordRoutesMissingReason(apiRoutes(t.app))).toEqual([]);
    const known = new Set(apiRoutes(t.app).map((r) => `${r.method} ${r.url}`));
    const stale = Object.keys(AUTHENTICATED_RECORD_ROUTES).filter((k) => !known.has(k));
    expect(stale).toEqual([]);
  });

  for (const role of DEFAULT_ROLES) {
    it(`${role.key}: exports, record history and reassignment follow the role's scopes`, async () => {
      const actor = actorFor(role);
      const teamA = await createTeam(t.db, `Routes A ${role.key}`);
      const teamB = await createTeam(t.db, `Routes B ${role.key}`);
      const me = await createUser(t.db, { roleKey: role.key as RoleKey, teamId: teamA.id });
      const colleague = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
      const outsider = await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id });
      const ownerIds: Record<Owner, string> = { self: me.id, team: colleague.id, other: outsider.id };
      const headers = await tokenHeaders(t.db, me.id);
      const colleagueHeaders = await tokenHeaders(t.db, colleague.id);
      const failures: string[] = [];
      const call = (method: "GET" | "POST", url: string, payload?: object, as = headers) =>
        t.app.inject({ method, url, headers: as, ...(payload ? { payload } : {}) });

      for (const entity of registeredFactories()) {
        const factory = entityFactory(entity);
        const def = entityDefinition(entity);
        if (!factory || factory.owned === false || !def) continue;
        const ids = {} as Record<Owner, string>;
        for (const o of OWNERS) ids[o] = await factory.create(t.db, ownerIds[o]);
        const readScope = scopeFor(actor, entity, "read");

        // Export: exactly the records within read ∩ export; a role without export is refused.
        if (exportable.includes(entity)) {
          const exportScope = scopeFor(actor, entity, "export");
          const created = await call("POST", "/api/v1/exports", { entity, format: "csv", columns: ["id"] });
          if (exportScope === "none") {
            if (created.statusCode !== 403)
              failures.push(`export ${entity}: ${created.statusCode} without scope`);
          } else if (created.statusCode !== 202) {
            failures.push(`export ${entity}: ${created.statusCode} ${created.body}`);
          } else {
            const exportId = created.json().id as string;
            await runExport(t.db, exportId);
            const file = await call("GET", `/api/v1/exports/${exportId}/download`);
            const exported = new Set(file.statusCode === 200 ? csvColumn(file.body, "id") : []);
            if (file.statusCode !== 200) failures.push(`export ${entity} download: ${file.statusCode}`);
            const scope = narrower(readScope, exportScope);
            for (const o of OWNERS) {
              if (exported.has(ids[o]) !== visible(scope, o, true)) {
                failures.push(`export ${entity}: ${o}'s record exported=${exported.has(ids[o])}`);
              }
            }
            for (const url of [`/api/v1/exports/${exportId}`, `/api/v1/exports/${exportId}/download`]) {
              const theirs = await call("GET", url, undefined, colleagueHeaders);
              if (theirs.statusCode !== 404) failures.push(`${url} as another user: ${theirs.statusCode}`);
            }
            const removed = await t.app.inject({
              method: "DELETE",
              url: `/api/v1/exports/${exportId}`,
              headers: colleagueHeaders,
            });
            if (removed.statusCode !== 404)
              failures.push(`DELETE export as another user: ${removed.statusCode}`);
            if ((await call("GET", `/api/v1/exports/${exportId}`)).statusCode !== 200) {
              failures.push(`export ${entity}: gone after another user's DELETE`);
            }
          }
        }

        // A record's audit history: whoever may read the record, else 404.
        for (const o of OWNERS) {
          const res = await call("GET", `/api/v1/audit-log/records/${entity}/${ids[o]}`);
          const expected = visible(readScope, o, true) ? 200 : 404;
          if (res.statusCode !== expected) {
            failures.push(`history of ${o}'s ${entity}: got ${res.statusCode}, expected ${expected}`);
          }
        }

        // Reassignment to the caller: records within the assign scope only (fresh ones: it moves them).
        const assignScope = scopeFor(actor, entity, "assign");
        for (const o of OWNERS) {
          const id = await factory.create(t.db, ownerIds[o]);
          const res = await call("POST", "/api/v1/reassign", {
            entity,
            ids: [id],
            toUserId: me.id,
            reason: "Matrix",
          });
          const expected = assignScope === "none" ? 403 : visible(assignScope, o, true) ? 200 : 404;
          if (res.statusCode !== expected) {
            failures.push(`reassign ${o}'s ${entity}: got ${res.statusCode}, expected ${expected}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe("authorization matrix: the guard for authenticated record routes", () => {
  const probe: AppModule = {
    name: "probe",
    routes(app) {
      app.get("/api/v1/probe-things/:id", { config: { access: access.authenticated() } }, () => ({}));
      app.get("/api/v1/probe-account", { config: { access: access.authenticated() } }, () => ({}));
    },
  };
  const t = useTestContext({ modules: [probe] });

  it("reports an authenticated route that takes a record id and has no reason", () => {
    expect(recordRoutesMissingReason(apiRoutes(t.app))).toEqual(["GET /api/v1/probe-things/:id"]);
  });
});
