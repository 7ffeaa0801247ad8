import type { PermissionLevel } from "../../../api/types";

export type Scope = PermissionLevel;
export type PermissionMap = Record<string, Record<string, string>>;
export type Grid = Record<string, Record<string, Scope>>;
export type FieldRule = "hidden" | "readonly";
export type FieldRuleMap = Record<string, Record<string, FieldRule>>;

export const SCOPES: readonly Scope[] = ["none", "own", "team", "all"];
const isScope = (value: unknown): value is Scope => SCOPES.includes(value as Scope);

/** The scope the server grants: the first of entity.action, entity.*, *.action, *.* that is set. */
export function scopeOf(permissions: PermissionMap, entity: string, action: string): Scope {
  const candidates = [
    permissions[entity]?.[action],
    permissions[entity]?.["*"],
    permissions["*"]?.[action],
    permissions["*"]?.["*"],
  ];
  return candidates.find(isScope) ?? "none";
}

/** Every entity × action cell spelled out, wildcards resolved. */
export function expandPermissions(
  permissions: PermissionMap,
  entities: readonly string[],
  actions: readonly string[],
): Grid {
  return Object.fromEntries(
    entities.map((entity) => [
      entity,
      Object.fromEntries(actions.map((action) => [action, scopeOf(permissions, entity, action)])),
    ]),
  );
}

/**
 * The grid as a compact permissions payload: everything "all" → `{"*": {"*": "all"}}` (the Administrator),
 * an entity with one scope for every action → `{entity: {"*": scope}}`, otherwise explicit cells;
 * "none" cells and all-"none" entities are left out (absent means none).
 */
export function gridToPermissions(
  grid: Grid,
  entities: readonly string[],
  actions: readonly string[],
): PermissionMap {
  const cells = entities.flatMap((entity) => actions.map((action) => grid[entity]?.[action] ?? "none"));
  if (cells.length > 0 && cells.every((scope) => scope === "all")) return { "*": { "*": "all" } };
  const out: PermissionMap = {};
  for (const entity of entities) {
    const row = actions.map((action) => grid[entity]?.[action] ?? "none");
    const first = row[0];
    if (row.every((scope) => scope === "none")) continue;
    if (first && row.every((scope) => scope === first)) {
      out[entity] = { "*": first };
      continue;
    }
    const explicit: Record<string, string> = {};
    actions.forEach((action, index) => {
      const scope = row[index];
      if (scope && scope !== "none") explicit[action] = scope;
    });
    out[entity] = explicit;
  }
  return out;
}

export function setCell(grid: Grid, entity: string, action: string, scope: Scope): Grid {
  return { ...grid, [entity]: { ...grid[entity], [action]: scope } };
}

/** Sets every action of an entity (the row's "all actions" select). */
export function setRow(grid: Grid, entity: string, actions: readonly string[], scope: Scope): Grid {
  return { ...grid, [entity]: Object.fromEntries(actions.map((action) => [action, scope])) };
}

/** `*` means every administrative permission. */
export function expandAdminPermissions(granted: readonly string[], catalog: readonly string[]): string[] {
  return granted.includes("*") ? [...catalog] : catalog.filter((permission) => granted.includes(permission));
}

export function compactAdminPermissions(checked: readonly string[], catalog: readonly string[]): string[] {
  if (catalog.length > 0 && catalog.every((permission) => checked.includes(permission))) return ["*"];
  return catalog.filter((permission) => checked.includes(permission));
}

export function setFieldRule(
  rules: FieldRuleMap,
  entity: string,
  field: string,
  rule: FieldRule | "write",
): FieldRuleMap {
  const { [field]: _previous, ...rest } = rules[entity] ?? {};
  const entityRules = rule === "write" ? rest : { ...rest, [field]: rule };
  const { [entity]: _old, ...others } = rules;
  return Object.keys(entityRules).length > 0 ? { ...others, [entity]: entityRules } : others;
}
