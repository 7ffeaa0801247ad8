import { queryOptions } from "@tanstack/react-query";
import { requestJson } from "../../api/client";
import type { ChartHint, WidgetResult } from "../../ui/charts/types";
import type { AnalyticsSearch } from "./search";

export interface CatalogItem {
  id: string;
  dashboard: string;
  path: string;
  chart: ChartHint;
  available: boolean;
}

/** The widgets the viewer may open; `available: false` ones read a field the role hides and stay hidden. */
export const catalogQuery = queryOptions({
  queryKey: ["analytics", "widgets"],
  queryFn: async () => (await requestJson("/api/v1/analytics/widgets")) as { items: CatalogItem[] },
  staleTime: 5 * 60_000,
});

export function widgetQuery(path: string, filters: AnalyticsSearch) {
  const query = new URLSearchParams(
    Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  );
  const url = query.size ? `${path}?${query}` : path;
  return queryOptions({
    queryKey: ["analytics", "widget", path, filters],
    queryFn: async () => (await requestJson(url)) as WidgetResult,
    staleTime: 30_000,
  });
}
