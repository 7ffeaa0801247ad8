import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { useProfileTimeZone } from "../../ui/dates/useProfileTimeZone";
import { teamMemberIds, usersQuery } from "../../ui/people/directory";
import { boardKey, boardQuery, companyNamesQuery, fetchColumnPage, pipelinesQuery } from "./boardApi";
import { appendPage, boardFilter } from "./boardModel";
import type { Board, BoardFilters } from "./types";

/** Everything the board screen shows: pipelines, the chosen one's board (filtered), card details. */
export function useBoardData(pipelineId: string | null, filters: BoardFilters) {
  const queryClient = useQueryClient();
  const timeZone = useProfileTimeZone();
  const pipelines = useQuery(pipelinesQuery);
  const users = useQuery(usersQuery);
  const pipeline =
    pipelines.data?.find((item) => item.id === pipelineId) ??
    pipelines.data?.find((item) => item.isDefault) ??
    pipelines.data?.[0];
  const filter = boardFilter(filters, teamMemberIds(users.data, filters.teamId));
  const board = useQuery({
    ...boardQuery(pipeline?.id ?? "", filter, timeZone),
    enabled: Boolean(pipeline),
  });
  const companyIds = useMemo(() => {
    const ids = new Set<string>();
    for (const stage of board.data?.stages ?? []) {
      for (const deal of stage.items) if (deal.companyId) ids.add(deal.companyId);
    }
    return [...ids];
  }, [board.data]);
  const companies = useQuery(companyNamesQuery(companyIds));

  const [loadingStages, setLoadingStages] = useState<ReadonlySet<string>>(new Set());
  const inFlight = useRef(new Set<string>());
  const loadMore = useCallback(
    async (stageId: string) => {
      if (!pipeline) return;
      const key = boardKey(pipeline.id, filter);
      const cursor = queryClient
        .getQueryData<Board>(key)
        ?.stages.find((s) => s.stageId === stageId)?.nextCursor;
      if (!cursor || inFlight.current.has(stageId)) return;
      inFlight.current.add(stageId);
      setLoadingStages((current) => new Set(current).add(stageId));
      try {
        const page = await fetchColumnPage(pipeline.id, stageId, cursor, filter);
        queryClient.setQueryData<Board>(key, (current) =>
          current ? appendPage(current, stageId, page.items, page.nextCursor) : current,
        );
      } finally {
        inFlight.current.delete(stageId);
        setLoadingStages((current) => {
          const next = new Set(current);
          next.delete(stageId);
          return next;
        });
      }
    },
    [pipeline, filter, queryClient],
  );

  return {
    pipelines,
    pipeline,
    filter,
    board,
    companies: companies.data,
    loadMore,
    loadingStages,
  };
}
