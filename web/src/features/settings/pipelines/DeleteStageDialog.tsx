import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import { FormAlert } from "../../../ui/FormAlert";
import type { Pipeline, Stage } from "../api";
import { settingsProblemMessage } from "../common";
import { usePipelineMutations } from "./usePipelineMutations";

interface DeleteStageDialogProps {
  pipeline: Pipeline;
  stage: Stage;
  onClose: () => void;
}

/** Deletes a stage; when it still holds deals (409 stage_not_empty) offers to move them first. */
export function DeleteStageDialog({ pipeline, stage, onClose }: DeleteStageDialogProps) {
  const { t } = useTranslation();
  const { replacePipeline } = usePipelineMutations(pipeline.id);
  const [needsMove, setNeedsMove] = useState(false);
  const [target, setTarget] = useState<string | null>(null);
  const [lostReason, setLostReason] = useState("");
  const others = pipeline.stages.filter((s) => s.id !== stage.id);
  const targetStage = others.find((s) => s.id === target);
  const path = { id: pipeline.id, stageId: stage.id };
  const remove = useMutation({
    mutationFn: async () => {
      if (needsMove && target) {
        const reason = lostReason.trim();
        await unwrap(
          api.POST("/api/v1/pipelines/{id}/stages/{stageId}/move-deals", {
            params: { path },
            body: { toStageId: target, ...(reason ? { lostReason: reason } : {}) },
          }),
        );
      }
      return unwrap(api.DELETE("/api/v1/pipelines/{id}/stages/{stageId}", { params: { path } }));
    },
    onSuccess: (pipelineAfter) => {
      replacePipeline(pipelineAfter);
      onClose();
    },
    onError: (error) => {
      if (isApiError(error) && error.code === "stage_not_empty") setNeedsMove(true);
    },
  });
  const stageNotEmpty = isApiError(remove.error) && remove.error.code === "stage_not_empty";
  return (
    <Modal opened onClose={onClose} title={t("settings.pipelines.deleteStage", { name: stage.name })}>
      <Stack gap="sm">
        {!needsMove && (
          <Text size="sm">{t("settings.pipelines.deleteStageConfirm", { name: stage.name })}</Text>
        )}
        {needsMove && (
          <>
            <Alert color="orange" variant="light">
              {t("settings.pipelines.stageNotEmpty")}
            </Alert>
            <Select
              label={t("settings.pipelines.moveDealsTo")}
              data={others.map((s) => ({ value: s.id, label: s.name }))}
              value={target}
              onChange={setTarget}
              allowDeselect={false}
            />
            {targetStage?.kind === "lost" && (
              <TextInput
                label={t("settings.pipelines.lostReason")}
                value={lostReason}
                onChange={(event) => setLostReason(event.currentTarget.value)}
              />
            )}
          </>
        )}
        <FormAlert
          message={remove.isError && !stageNotEmpty ? settingsProblemMessage(t, remove.error) : null}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            disabled={needsMove && !target}
            onClick={() => remove.mutate()}
          >
            {needsMove ? t("settings.pipelines.moveAndDelete") : t("settings.delete")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
