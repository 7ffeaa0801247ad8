import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { Button, Group, NumberInput, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Pipeline, Stage } from "../api";
import { DeleteStageDialog } from "./DeleteStageDialog";
import { StageRow } from "./StageRow";
import { moveStage, reorderStages } from "./stageModel";
import { usePipelineMutations } from "./usePipelineMutations";

/** The stages of a pipeline, sortable by drag and drop (or Alt+arrow keys on the handle). */
export function StageList({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation();
  const { reorder, updateStage, addStage } = usePipelineMutations(pipeline.id);
  const [deleting, setDeleting] = useState<Stage | null>(null);
  const [newName, setNewName] = useState("");
  const [newProbability, setNewProbability] = useState<number>(50);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const stages = pipeline.stages;
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    reorder.mutate(reorderStages(stages, String(active.id), String(over.id)));
  };
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t("settings.pipelines.reorderHint")}
      </Text>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={stages.map((stage) => stage.id)} strategy={verticalListSortingStrategy}>
          {stages.map((stage) => (
            <StageRow
              key={stage.id}
              stage={stage}
              onSave={(patch) => updateStage.mutate({ stageId: stage.id, patch })}
              onDelete={() => setDeleting(stage)}
              onMove={(delta) => {
                const next = moveStage(stages, stage.id, delta);
                if (next.some((s, i) => s.id !== stages[i]?.id)) reorder.mutate(next);
              }}
            />
          ))}
        </SortableContext>
      </DndContext>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!newName.trim()) return;
          addStage.mutate(
            { name: newName.trim(), probability: newProbability },
            { onSuccess: () => setNewName("") },
          );
        }}
      >
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            label={t("settings.pipelines.newStage")}
            value={newName}
            onChange={(event) => setNewName(event.currentTarget.value)}
            size="xs"
            style={{ flex: "1 1 160px" }}
          />
          <NumberInput
            label={t("settings.pipelines.probability")}
            value={newProbability}
            onChange={(value) => setNewProbability(typeof value === "number" ? value : 0)}
            min={0}
            max={100}
            suffix="%"
            w={100}
            size="xs"
          />
          <Button type="submit" size="xs" loading={addStage.isPending} disabled={!newName.trim()}>
            {t("settings.pipelines.addStage")}
          </Button>
        </Group>
      </form>
      {deleting && (
        <DeleteStageDialog pipeline={pipeline} stage={deleting} onClose={() => setDeleting(null)} />
      )}
    </Stack>
  );
}
