import type { EventType } from "./api";

export interface EventGroup {
  entity: string;
  types: EventType[];
}

/** Event types grouped by entity, in the catalogue's order. */
export function groupEventTypes(types: readonly EventType[]): EventGroup[] {
  const groups = new Map<string, EventType[]>();
  for (const type of types) groups.set(type.entity, [...(groups.get(type.entity) ?? []), type]);
  return [...groups].map(([entity, list]) => ({ entity, types: list }));
}

/**
 * Selected selectors after toggling one: choosing `entity.*` replaces that entity's single actions, choosing a
 * single action drops `entity.*` (the subscription stays as written, never both).
 */
export function toggleSelector(selected: readonly string[], selector: string): string[] {
  if (selected.includes(selector)) return selected.filter((s) => s !== selector);
  const entity = selector.slice(0, selector.indexOf("."));
  if (selector.endsWith(".*")) return [...selected.filter((s) => !s.startsWith(`${entity}.`)), selector];
  return [...selected.filter((s) => s !== `${entity}.*`), selector];
}

/** Values typed for `in` ("a, b, c") or a single value, as the API takes them. */
export function parseConditionValue(op: string, raw: string): string | string[] {
  if (op !== "in") return raw.trim();
  return raw
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}
