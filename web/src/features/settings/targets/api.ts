import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";
import type { JsonBody } from "../../../api/types";

export type Target = JsonBody<paths["/api/v1/analytics/targets"]["get"]["responses"][200]>["items"][number];

export const targetsQuery = (year: number) =>
  queryOptions({
    queryKey: ["analytics", "targets", year],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/analytics/targets", { params: { query: { from: `${year}-01`, to: `${year}-12` } } }),
      ),
    select: (page) => page.items,
  });

export interface TargetKey {
  userId?: string;
  teamId?: string;
  month: string;
  currency: string;
}

export const saveTarget = (key: TargetKey, amount: string) =>
  unwrap(
    api.POST("/api/v1/analytics/targets", {
      body: {
        ...(key.userId ? { userId: key.userId } : { teamId: key.teamId }),
        month: key.month,
        amount: { amount, currency: key.currency },
      },
    }),
  );

export const deleteTarget = (id: string) =>
  unwrap(api.DELETE("/api/v1/analytics/targets/{id}", { params: { path: { id } } }));
