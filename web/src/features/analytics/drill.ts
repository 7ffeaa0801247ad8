import type { WidgetDrill, WidgetResult, WidgetRow } from "../../ui/charts/types";

/**
 * Where a click on a built-in widget's bar, row or cell leads: the entity's list screen with the server's
 * filter of the records behind it (`?filter=`, read by the list on open; the list applies the viewer's scope).
 * A cell of a widget whose columns count different records (team performance) drills into that column's
 * records; other clicks into the row's.
 */
export function drillHref(result: WidgetResult | undefined, row: WidgetRow, column?: string): string | null {
  const columns = result?.drillColumns;
  const d = columns
    ? column
      ? cellDrill(columns, row, column)
      : null
    : result?.drillDown?.[result.rows.indexOf(row)];
  return d ? `/${encodeURIComponent(d.entity)}?filter=${encodeURIComponent(JSON.stringify(d.filter))}` : null;
}

/**
 * A row's cell drill from its column's: each `{ row: k }` value is the row's cell of `k`, a condition whose cell is
 * null or empty becomes `isEmpty`; none where the row has no such cell (a second currency's revenue row). The
 * server's `cellDrill` (platform/analytics/widget.ts) does the same.
 */
function cellDrill(columns: Record<string, WidgetDrill>, row: WidgetRow, key: string): WidgetDrill {
  const column = columns[key];
  if (!column || !(key in row)) return null;
  const fill = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fill);
    if (!node || typeof node !== "object") return node;
    const { value, ...rest } = node as Record<string, unknown>;
    const from = value && typeof value === "object" ? (value as { row?: unknown }).row : undefined;
    if (typeof from !== "string")
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    const cell = row[from] ?? null;
    return cell === null || cell === "" ? { field: rest.field, op: "isEmpty" } : { ...rest, value: cell };
  };
  return { entity: column.entity, filter: fill(column.filter) as Record<string, unknown> };
}

/** Whether a widget result has any drill-down (rows or cells). */
export const hasDrill = (result: WidgetResult | undefined): boolean =>
  !!(result?.drillDown || result?.drillColumns);
