import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { todayIn } from "../../ui/dates/today";
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

/** The board; its totals are converted with the rates of today in the user's profile time zone. */
export const boardQuery = (pipelineId: string, filter: string | undefined, timeZone?: string) =>
  queryOptions({
    queryKey: boardKey(pipelineId, filter),
    queryFn: (): Promise<Board> =>
      unwrap(
        api.GET("/api/v1/pipelines/{id}/board", {
          params: {
            path: { id: pipelineId },
            query: { perStage: PER_STAGE, ratesOn: todayIn(timeZone), ...(filter ? { filter } : {}) },
          },
        }),
      ),
  });

/** The next page of one column, from the board endpoint (same sort and filter; cards keep their next task). */
export async function fetchColumnPage(
  pipelineId: string,
  stageId: string,
  cursor: string,
  filter: string | undefined,
): Promise<{ items: BoardDeal[]; nextCursor: string | null }> {
  const board = await unwrap(
    api.GET("/api/v1/pipelines/{id}/board", {
      params: {
        path: { id: pipelineId },
        query: { perStage: PER_STAGE, stageId, cursor, ...(filter ? { filter } : {}) },
      },
    }),
  );
  const column = board.stages.find((stage) => stage.stageId === stageId);
  return { items: column?.items ?? [], nextCursor: column?.nextCursor ?? null };
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

export type { BoardDeal };
