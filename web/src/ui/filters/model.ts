import type { components } from "../../api/schema";
import type { FieldType } from "../table/types";

/** The server's filter vocabulary, from the generated API types (`components.schemas`). */
export type Operator = components["schemas"]["FilterOperator"];
export type RelativeDate = components["schemas"]["RelativeDate"];

// A record over the generated union, so a period the server adds or drops fails the typecheck; keys keep
// the order the menu shows them in.
const RELATIVE: Record<RelativeDate, true> = {
  today: true,
  yesterday: true,
  thisWeek: true,
  lastWeek: true,
  thisMonth: true,
  lastMonth: true,
  thisQuarter: true,
  thisYear: true,
  overdue: true,
  next7Days: true,
  last7Days: true,
  last30Days: true,
};
export const RELATIVE_DATES = Object.keys(RELATIVE) as RelativeDate[];

/** The server's filter grammar (`platform/query/filter.ts`). */
export interface FilterCondition {
  field: string;
  op: Operator;
  value?: unknown;
}
export type FilterNode = FilterCondition | { and: FilterNode[] } | { or: FilterNode[] };

/** Editable form of a filter: groups nest up to MAX_DEPTH levels. */
export interface BuilderCondition {
  kind: "condition";
  id: string;
  field: string;
  op: Operator;
  value: unknown;
}
export interface BuilderGroup {
  kind: "group";
  id: string;
  combinator: "and" | "or";
  items: BuilderItem[];
}
export type BuilderItem = BuilderCondition | BuilderGroup;

export const MAX_DEPTH = 3;

let counter = 0;
export const newId = () => `f${++counter}`;

export const emptyGroup = (combinator: "and" | "or" = "and"): BuilderGroup => ({
  kind: "group",
  id: newId(),
  combinator,
  items: [],
});

const ARRAY_TYPES = new Set<FieldType>(["multiSelect", "tags"]);
const TEXTUAL = new Set<FieldType>(["text", "longText", "email", "phone", "url"]);

/**
 * The operator a new condition starts with, among those the server accepts for the field (its field
 * metadata lists them).
 */
export function defaultOperator(type: FieldType, accepted: readonly Operator[]): Operator {
  // A list of links (a person's companies) is asked "has this one", not "is exactly this set".
  const preferred: Operator =
    type === "date" || type === "dateTime"
      ? "relative"
      : TEXTUAL.has(type) || ARRAY_TYPES.has(type) || (type === "link" && accepted.includes("contains"))
        ? "contains"
        : "eq";
  return accepted.includes(preferred) ? preferred : (accepted[0] ?? "eq");
}

export const takesNoValue = (op: Operator) => op === "isEmpty" || op === "isNotEmpty";
export const takesList = (op: Operator) => op === "in" || op === "notIn";

function complete(condition: BuilderCondition): boolean {
  if (!condition.field) return false;
  if (takesNoValue(condition.op)) return true;
  const v = condition.value;
  if (v === null || v === undefined || v === "") return false;
  if (Array.isArray(v)) {
    if (condition.op === "between")
      return v.length === 2 && v.every((x) => x !== null && x !== "" && x !== undefined);
    return v.length > 0;
  }
  return true;
}

/** Builder state → the server's filter JSON (incomplete conditions and empty groups are left out). */
export function toFilter(group: BuilderGroup): FilterNode | null {
  const parts: FilterNode[] = [];
  for (const item of group.items) {
    if (item.kind === "group") {
      const nested = toFilter(item);
      if (nested) parts.push(nested);
    } else if (complete(item)) {
      parts.push(
        takesNoValue(item.op)
          ? { field: item.field, op: item.op }
          : { field: item.field, op: item.op, value: item.value },
      );
    }
  }
  if (parts.length === 0) return null;
  return group.combinator === "and" ? { and: parts } : { or: parts };
}

/** Server filter JSON (e.g. from a saved view) → builder state. */
export function fromFilter(node: FilterNode | null | undefined): BuilderGroup {
  if (!node) return emptyGroup();
  if ("and" in node || "or" in node) {
    const combinator = "and" in node ? "and" : "or";
    const items = ("and" in node ? node.and : node.or).map((child): BuilderItem => {
      if ("field" in child)
        return {
          kind: "condition",
          id: newId(),
          field: child.field,
          op: child.op,
          value: child.value ?? null,
        };
      return fromFilter(child);
    });
    return { kind: "group", id: newId(), combinator, items };
  }
  return {
    kind: "group",
    id: newId(),
    combinator: "and",
    items: [{ kind: "condition", id: newId(), field: node.field, op: node.op, value: node.value ?? null }],
  };
}

/** Every complete condition of a builder tree (for the chips summary). */
export function conditionsOf(group: BuilderGroup): BuilderCondition[] {
  return group.items.flatMap((item) =>
    item.kind === "group" ? conditionsOf(item) : complete(item) ? [item] : [],
  );
}

/** Combines a quick-search text with the builder filter: any of `keys` contains the text (`phone`: its digits). */
export function withSearch(
  filter: FilterNode | null,
  search: string,
  keys: readonly string[],
): FilterNode | null {
  const text = search.trim();
  if (!text) return filter;
  const digits = text.replace(/\D/g, "");
  const ors: FilterNode[] = keys.flatMap((key): FilterNode[] => {
    if (key !== "phone") return [{ field: key, op: "contains", value: text }];
    return digits.length >= 3 ? [{ field: key, op: "contains", value: digits }] : [];
  });
  if (ors.length === 0) return filter;
  const searchNode: FilterNode = ors.length === 1 && ors[0] ? ors[0] : { or: ors };
  return filter ? { and: [filter, searchNode] } : searchNode;
}

/** Depth of a builder group (1 = no nested groups). */
export function depthOf(group: BuilderGroup): number {
  return 1 + Math.max(0, ...group.items.map((i) => (i.kind === "group" ? depthOf(i) : 0)));
}
