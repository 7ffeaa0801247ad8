import type { QueryClient } from "@tanstack/react-query";
import { catalogQuery, widgetQuery } from "./api";
import { type AnalyticsSearch, type Dashboard, isDashboard } from "./search";
import { DASHBOARD_WIDGETS } from "./widgets";

/**
 * A dashboard route's loader: waits for the widget catalogue (one short request, cached for minutes), then starts
 * every widget the viewer may open without waiting for them, so the figures load while the page's code (ECharts)
 * downloads and the page renders. Firing them before the first render matters: a request started from a promise
 * callback during that render would wait for it to finish. The page's own queries find them in flight or answered;
 * a failed catalogue is left to the page, which shows its error.
 */
export async function prefetchDashboard(
  queryClient: QueryClient,
  dashboard: string,
  filters: AnalyticsSearch,
): Promise<void> {
  const slots = DASHBOARD_WIDGETS[(isDashboard(dashboard) ? dashboard : "sales") satisfies Dashboard];
  const catalog = await queryClient.ensureQueryData(catalogQuery).catch(() => null);
  const byId = new Map((catalog?.items ?? []).map((w) => [w.id, w]));
  for (const slot of slots) {
    const item = byId.get(slot.id);
    if (item?.available) void queryClient.prefetchQuery(widgetQuery(item.path, filters));
  }
}
