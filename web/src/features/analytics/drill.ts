import type { WidgetResult, WidgetRow } from "../../ui/charts/types";

/**
 * Where a click on a built-in widget's bar, row or cell leads: the entity's list screen with the server's
 * filter of the records behind it (`?filter=`, read by the list on open; the list applies the viewer's scope).
 * A cell of a widget whose columns count different records (team performance) drills into that column's
 * records; other clicks into the row's.
 */
export function drillHref(result: WidgetResult | undefined, row: WidgetRow, column?: string): string | null {
  const i = result ? result.rows.indexOf(row) : -1;
  const cells = result?.drillCells?.[i];
  const d = cells ? (column ? cells[column] : undefined) : result?.drillDown?.[i];
  return d ? `/${encodeURIComponent(d.entity)}?filter=${encodeURIComponent(JSON.stringify(d.filter))}` : null;
}

/** Whether a widget result has any drill-down (rows or cells). */
export const hasDrill = (result: WidgetResult | undefined): boolean =>
  !!(result?.drillDown || result?.drillCells);
