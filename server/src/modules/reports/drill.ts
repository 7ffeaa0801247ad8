import { MAX_FILTER_CONDITIONS, MAX_FILTER_DEPTH } from "../../platform/query/filter.js";
import type { ReportDefinition } from "./definition.js";
import type { ResolvedReport } from "./resolve.js";

type Node = Record<string, unknown>;
const MAX_IN = 100;

function depth(n: unknown): number {
  if (!n || typeof n !== "object") return 0;
  const node = n as Node;
  const kids = (Array.isArray(node.and) ? node.and : Array.isArray(node.or) ? node.or : null) as
    | unknown[]
    | null;
  return kids ? 1 + Math.max(0, ...kids.map(depth)) : 0;
}

function conditions(n: unknown): number {
  if (!n || typeof n !== "object") return 0;
  const node = n as Node;
  const kids = (Array.isArray(node.and) ? node.and : Array.isArray(node.or) ? node.or : null) as
    | unknown[]
    | null;
  return kids ? kids.reduce((s: number, k) => s + conditions(k), 0) : 1;
}

/**
 * The records behind one row as a filter of the entity's list screen: the report's filter AND one condition per
 * dimension (a date bucket as `gte from` + `lt to`, an empty value as `isEmpty`, the owner's team as `ownerId in`
 * its members). Null when the list cannot express it (a related entity's fields or filter, a team of more than
 * 100 people, or a filter that would grow past the grammar's limits).
 */
export function drillFilter(
  d: ReportDefinition,
  r: ResolvedReport,
  keys: (string | null)[],
  ranges: ({ from: string | null; to: string | null } | null)[],
  members: Map<string, string[]>,
): Node | null {
  if (d.related?.filter || r.dimensions.some((x) => x.on === "related")) return null;
  const parts: Node[] = [];
  for (const [i, dim] of r.dimensions.entries()) {
    const key = keys[i] ?? null;
    const range = ranges[i];
    if (!dim.field) {
      const owner = r.base.fields.find((f) => f.column === r.base.def.ownerColumn);
      const ids = key ? (members.get(key) ?? []) : [];
      if (!owner || !key || ids.length === 0 || ids.length > MAX_IN) return null;
      parts.push({ field: owner.key, op: "in", value: ids });
    } else if (key === null) {
      parts.push({ field: dim.field.key, op: "isEmpty" });
    } else if (range?.from && range.to) {
      parts.push({ field: dim.field.key, op: "gte", value: range.from });
      parts.push({ field: dim.field.key, op: "lt", value: range.to });
    } else if (dim.field.type === "boolean") {
      parts.push({ field: dim.field.key, op: "eq", value: key === "true" });
    } else {
      parts.push({ field: dim.field.key, op: "eq", value: key });
    }
  }
  const all = d.filter ? [d.filter, ...parts] : parts;
  if (all.length === 0) return null;
  const out: Node = all.length === 1 ? (all[0] as Node) : { and: all };
  if (depth(out) > MAX_FILTER_DEPTH || conditions(out) > MAX_FILTER_CONDITIONS) return null;
  return out;
}
