import type { WidgetResult, WidgetRow } from "./charts/types";

/**
 * Where a click on a built-in widget's bar or row leads: the entity's list screen with the server's filter of
 * the records behind that row (`?filter=`, read by the list on open; the list applies the viewer's scope).
 */
export function drillHref(result: WidgetResult | undefined, row: WidgetRow): string | null {
  const d = result?.drillDown?.[result.rows.indexOf(row)];
  return d ? `/${encodeURIComponent(d.entity)}?filter=${encodeURIComponent(JSON.stringify(d.filter))}` : null;
}
