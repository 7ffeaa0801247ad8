import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Group, NativeSelect, NumberInput, Paper, TextInput, Tooltip } from "@mantine/core";
import { IconGripVertical, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Stage, StageKind } from "../api";

export type StagePatch = Partial<Pick<Stage, "name" | "probability" | "kind" | "rotDays">>;

interface StageRowProps {
  stage: Stage;
  onSave: (patch: StagePatch) => void;
  onDelete: () => void;
  onMove: (delta: -1 | 1) => void;
}

/** One sortable stage: drag handle (arrow keys also move it), name, probability, kind, delete. */
export function StageRow({ stage, onSave, onDelete, onMove }: StageRowProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: stage.id,
  });
  const [name, setName] = useState(stage.name);
  const [probability, setProbability] = useState<number>(stage.probability);
  const [rotDays, setRotDays] = useState<number | null>(stage.rotDays ?? null);
  const kinds: StageKind[] = ["open", "won", "lost"];
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="xs"
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : 1 }}
    >
      <Group gap="xs" wrap="wrap" align="flex-end">
        <ActionIcon
          variant="subtle"
          {...attributes}
          {...listeners}
          aria-label={t("settings.pipelines.dragStage", { name: stage.name })}
          onKeyDown={(event) => {
            if (event.altKey && event.key === "ArrowUp") onMove(-1);
            else if (event.altKey && event.key === "ArrowDown") onMove(1);
            else listeners?.onKeyDown?.(event);
          }}
          style={{ cursor: "grab", touchAction: "none" }}
        >
          <IconGripVertical size={16} aria-hidden />
        </ActionIcon>
        <TextInput
          label={t("settings.pipelines.stageName")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          onBlur={() => name.trim() && name !== stage.name && onSave({ name: name.trim() })}
          style={{ flex: "1 1 160px" }}
          size="xs"
        />
        <NumberInput
          label={t("settings.pipelines.probability")}
          value={probability}
          min={0}
          max={100}
          suffix="%"
          w={100}
          size="xs"
          onChange={(value) => setProbability(typeof value === "number" ? value : 0)}
          onBlur={() => probability !== stage.probability && onSave({ probability })}
        />
        {stage.kind === "open" ? (
          <NumberInput
            label={t("settings.pipelines.rotDays")}
            description={t("settings.pipelines.rotDaysHint")}
            value={rotDays ?? ""}
            min={1}
            max={3650}
            allowDecimal={false}
            w={140}
            size="xs"
            onChange={(value) => setRotDays(typeof value === "number" && value > 0 ? value : null)}
            onBlur={() => rotDays !== (stage.rotDays ?? null) && onSave({ rotDays })}
          />
        ) : null}
        <NativeSelect
          label={t("settings.pipelines.kind")}
          size="xs"
          w={110}
          value={stage.kind}
          data={kinds.map((kind) => ({ value: kind, label: t(`settings.pipelines.kinds.${kind}`) }))}
          onChange={(event) => onSave({ kind: event.currentTarget.value as StageKind })}
        />
        <Tooltip label={t("settings.delete")}>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t("settings.pipelines.deleteStage", { name: stage.name })}
            onClick={onDelete}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}
