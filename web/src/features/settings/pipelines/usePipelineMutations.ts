import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import type { Pipeline, Stage } from "../api";
import { notifyError } from "../common";
import type { StagePatch } from "./StageRow";
import { stageOrderPayload } from "./stageModel";

const KEY = ["settings", "pipelines"];

/** Stage mutations of one pipeline; reordering is optimistic and rolled back on error. */
export function usePipelineMutations(pipelineId: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const replacePipeline = (pipeline: Pipeline) =>
    queryClient.setQueryData<{ items: Pipeline[] }>(KEY, (old) =>
      old ? { items: old.items.map((p) => (p.id === pipeline.id ? pipeline : p)) } : old,
    );
  const path = { id: pipelineId };

  const reorder = useMutation({
    mutationFn: (stages: Stage[]) =>
      unwrap(
        api.PUT("/api/v1/pipelines/{id}/stages/order", { params: { path }, body: stageOrderPayload(stages) }),
      ),
    onMutate: async (stages) => {
      await queryClient.cancelQueries({ queryKey: KEY });
      const previous = queryClient.getQueryData<{ items: Pipeline[] }>(KEY);
      queryClient.setQueryData<{ items: Pipeline[] }>(KEY, (old) =>
        old ? { items: old.items.map((p) => (p.id === pipelineId ? { ...p, stages } : p)) } : old,
      );
      return { previous };
    },
    onError: (error, _stages, context) => {
      if (context?.previous) queryClient.setQueryData(KEY, context.previous);
      notifyError(t, error);
    },
    onSuccess: replacePipeline,
  });

  const updateStage = useMutation({
    mutationFn: ({ stageId, patch }: { stageId: string; patch: StagePatch }) =>
      unwrap(
        api.PATCH("/api/v1/pipelines/{id}/stages/{stageId}", {
          params: { path: { id: pipelineId, stageId } },
          body: patch,
        }),
      ),
    onSuccess: replacePipeline,
    onError: (error) => {
      notifyError(t, error);
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });

  const addStage = useMutation({
    mutationFn: (body: { name: string; probability: number }) =>
      unwrap(
        api.POST("/api/v1/pipelines/{id}/stages", { params: { path }, body: { ...body, kind: "open" } }),
      ),
    onSuccess: replacePipeline,
    onError: (error) => notifyError(t, error),
  });

  return { reorder, updateStage, addStage, replacePipeline };
}
