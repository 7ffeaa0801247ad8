import type { FieldRuleMap, PermissionMap, Scope } from "../db/tables.js";

export type Action = "read" | "create" | "update" | "delete" | "export" | "import" | "assign";
export const ACTIONS: readonly Action[] = [
  "read",
  "create",
  "update",
  "delete",
  "export",
  "import",
  "assign",
];

/** Who is making a request, with the permissions of their role as of this request. */
export interface Actor {
  userId: string;
  teamId: string | null;
  /**
   * The owners a `team` scope covers — the actor and every user of their team — resolved when the actor is built
   * (authentication, `actorForUser`), so scope predicates bind them as `owner_id = any($ids)` and the planner sees
   * the ids. Absent on hand-built actors (tests): `ownerScope` then asks `users` in SQL.
   */
  teamUserIds?: readonly string[];
  roleId: string;
  permissions: PermissionMap;
  fieldRules: FieldRuleMap;
  adminPermissions: ReadonlySet<string>;
  /** Set when the request authenticated with a read-only API token. */
  readOnly: boolean;
  sessionId: string | null;
  apiTokenId: string | null;
}

/** The request facts that domain code may see (never a Fastify object). */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /**
   * The record versions the request's `If-Match` accepts (`platform/records/versions.ts`); a single-record write
   * checks it against the locked row. Absent: no precondition.
   */
  ifMatch?: readonly number[];
}

const scopeRank: Record<Scope, number> = { none: 0, own: 1, team: 2, all: 3 };

/** The scope a role grants for an entity and action; `*` entries act as defaults. */
export function scopeFor(actor: Actor, entity: string, action: Action): Scope {
  if (actor.readOnly && action !== "read" && action !== "export") return "none";
  const p = actor.permissions;
  const candidates = [p[entity]?.[action], p[entity]?.["*"], p["*"]?.[action], p["*"]?.["*"]];
  return candidates.find((s): s is Scope => s !== undefined) ?? "none";
}

export function widerScope(a: Scope, b: Scope): Scope {
  return scopeRank[a] >= scopeRank[b] ? a : b;
}

export function hasAdminPermission(actor: Actor, permission: string): boolean {
  if (actor.readOnly) return false;
  return actor.adminPermissions.has(permission) || actor.adminPermissions.has("*");
}

export type FieldAccess = "hidden" | "readonly" | "write";

export function fieldAccess(actor: Actor, entity: string, field: string): FieldAccess {
  return actor.fieldRules[entity]?.[field] ?? actor.fieldRules["*"]?.[field] ?? "write";
}

/** Fields the role hides on an entity: its `*` rules, overridden by the entity's own. */
export function hiddenFields(actor: Actor, entity: string): Set<string> {
  const rules = { ...(actor.fieldRules["*"] ?? {}), ...(actor.fieldRules[entity] ?? {}) };
  return new Set(
    Object.entries(rules)
      .filter(([, r]) => r === "hidden")
      .map(([f]) => f),
  );
}
