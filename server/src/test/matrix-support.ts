import type { DefaultRole } from "../modules/identity/default-roles.js";
import type { Actor } from "../platform/access/actor.js";
import type { Scope } from "../platform/db/tables.js";
import { entityCatalog } from "../platform/records/catalog.js";

/** Shared pieces of the authorization matrix tests (`authorization-*.test.ts`). */

export type Owner = "self" | "team" | "other";
export const OWNERS: Owner[] = ["self", "team", "other"];

const rank: Record<Scope, number> = { none: 0, own: 1, team: 2, all: 3 };

/** The narrower of two scopes (an export needs read _and_ export). */
export function narrower(a: Scope, b: Scope): Scope {
  return rank[a] <= rank[b] ? a : b;
}

/** Whether a record owned by `owner` (relative to the caller) is within `scope`. */
export function visible(scope: Scope, owner: Owner, owned: boolean): boolean {
  if (scope === "none") return false;
  if (!owned || scope === "all") return true;
  return scope === "team" ? owner !== "other" : owner === "self";
}

/**
 * An Actor with a default role's grants — the seeded ones plus the grants later entities give the built-in roles
 * (`EntityDefinition.defaultGrants`, written by their migrations) — for computing expected answers with `scopeFor`.
 */
export function actorFor(role: DefaultRole): Actor {
  const added = Object.fromEntries(
    entityCatalog()
      .all()
      .flatMap((d) => {
        const grants = d.defaultGrants?.[role.key];
        return grants && !role.permissions[d.name] ? [[d.name, grants]] : [];
      }),
  );
  return {
    userId: "",
    teamId: null,
    roleId: "",
    permissions: { ...role.permissions, ...added },
    fieldRules: role.fieldRules,
    adminPermissions: new Set(role.adminPermissions),
    readOnly: false,
    sessionId: null,
    apiTokenId: null,
  };
}

export const ok = (status: number) => status >= 200 && status < 300;

/** Expected statuses of a write to a record: in scope 2xx, else 404 (or 403 when the caller can read it). */
export function expectedWrite(scope: Scope, inScope: boolean, readable: boolean): number[] {
  if (scope === "none") return [403, 404];
  if (inScope) return [200, 201, 204];
  return readable ? [403, 404] : [404];
}
