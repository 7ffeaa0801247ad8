import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { boardKey, moveDeal } from "./boardApi";
import { applyMove } from "./boardModel";
import type { Board } from "./types";

interface MoveVariables {
  dealId: string;
  stageId: string;
  lostReason?: string;
}

/**
 * Moves a deal optimistically: the card jumps to the target column at once (counts and sums follow);
 * on an error the board snapshot is put back and a notification explains why.
 */
export function useBoardMove(pipelineId: string, filter: string | undefined) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = boardKey(pipelineId, filter);
  return useMutation({
    mutationFn: ({ dealId, stageId, lostReason }: MoveVariables) => moveDeal(dealId, stageId, lostReason),
    onMutate: async ({ dealId, stageId, lostReason }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Board>(key);
      if (previous) queryClient.setQueryData<Board>(key, applyMove(previous, dealId, stageId, lostReason));
      return { previous };
    },
    onError: (error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      notifications.show({ color: "red", title: t("board.moveFailed"), message: problemMessage(t, error) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
