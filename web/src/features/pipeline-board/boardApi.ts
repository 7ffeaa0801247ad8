import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { Board, BoardDeal } from "./types";

export const PER_STAGE = 20;

export const pipelinesQuery = queryOptions({
  queryKey: ["pipelines"],
  queryFn: () => unwrap(api.GET("/api/v1/pipelines")),
  select: (data) => data.items,
  staleTime: 5 * 60_000,
});

export const boardKey = (pipelineId: string, filter: string | undefined) =>
  ["pipelines", pipelineId, "board", filter ?? ""] as const;

export const boardQuery = (pipelineId: string, filter: string | undefined) =>
  queryOptions({
    queryKey: boardKey(pipelineId, filter),
    queryFn: (): Promise<Board> =>
      unwrap(
        api.GET("/api/v1/pipelines/{id}/board", {
          params: { path: { id: pipelineId }, query: { perStage: PER_STAGE, ...(filter ? { filter } : {}) } },
        }),
      ),
  });

/** The next page of one column: the deals list with the board's filter plus the stage. */
export async function fetchColumnPage(stageId: string, cursor: string, filter: string | undefined) {
  const stage = { field: "stageId", op: "eq", value: stageId };
  const combined = filter
    ? JSON.stringify({ and: [stage, JSON.parse(filter) as unknown] })
    : JSON.stringify(stage);
  return unwrap(
    api.GET("/api/v1/deals", {
      params: { query: { limit: PER_STAGE, cursor, filter: combined, total: "false" } },
    }),
  );
}

export const moveDeal = (dealId: string, stageId: string, lostReason?: string) =>
  unwrap(
    api.POST("/api/v1/deals/{id}/move", {
      params: { path: { id: dealId } },
      body: { stageId, ...(lostReason ? { lostReason } : {}) },
    }),
  );

/** Company names of the visible cards, one request per board page. */
export const companyNamesQuery = (ids: readonly string[]) =>
  queryOptions({
    queryKey: ["companies", "names", [...ids].sort()],
    enabled: ids.length > 0,
    staleTime: 60_000,
    queryFn: async () => {
      const filter = JSON.stringify({ field: "id", op: "in", value: ids });
      const page = await unwrap(
        api.GET("/api/v1/companies", { params: { query: { filter, limit: 200, total: "false" } } }),
      );
      return new Map(page.items.map((company) => [company.id, company.name ?? ""]));
    },
  });

export interface NextTask {
  id: string;
  title: string;
  dueAt: string | null;
  overdue: boolean;
}

/** The earliest open task of each deal, from the first 200 open tasks by due date. */
export const nextTasksQuery = queryOptions({
  queryKey: ["tasks", "open-by-deal"],
  staleTime: 30_000,
  queryFn: async () => {
    const filter = JSON.stringify({ field: "status", op: "eq", value: "open" });
    const page = await unwrap(
      api.GET("/api/v1/tasks", { params: { query: { filter, sort: "dueAt", limit: 200, total: "false" } } }),
    );
    const byDeal = new Map<string, NextTask>();
    for (const task of page.items) {
      for (const link of task.links) {
        if (link.entity !== "deals" || byDeal.has(link.id)) continue;
        byDeal.set(link.id, {
          id: task.id,
          title: task.title ?? "",
          dueAt: task.dueAt ?? null,
          overdue: task.overdue,
        });
      }
    }
    return byDeal;
  },
});

export type { BoardDeal };
