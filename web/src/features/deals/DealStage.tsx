import { Badge, Group, Select, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { LostReasonDialog } from "../pipeline-board";
import type { AnyRecord } from "../records";
import { usePipelines } from "../records";
import type { FieldAccess } from "./useDealFieldAccess";

const stageColor = (kind: string | undefined) =>
  kind === "won" ? "green" : kind === "lost" ? "red" : "blue";

interface DealStageProps {
  deal: AnyRecord;
  access: FieldAccess;
  /** Moves the deal and reports a refusal itself; the selector always shows the stored stage. */
  onMove: (stageId: string, lostReason?: string) => Promise<void>;
}

/**
 * The deal's pipeline and stage in the header. With write access the stage is a selector of the deal's
 * pipeline; a lost stage first asks for the reason, like dropping the card on the board does.
 */
export function DealStage({ deal, access, onMove }: DealStageProps) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const [lostStageId, setLostStageId] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  if (access === "hidden") return null;
  const pipeline = pipelines.find((p) => p.stages.some((s) => s.id === deal.stageId));
  const stage = pipeline?.stages.find((s) => s.id === deal.stageId);
  if (!pipeline || !stage) return null;
  const title = typeof deal.title === "string" ? deal.title : "";

  const move = async (stageId: string, lostReason?: string) => {
    setMoving(true);
    try {
      await onMove(stageId, lostReason);
    } finally {
      setMoving(false);
    }
  };

  return (
    <Group gap="xs" wrap="wrap">
      {pipelines.length > 1 ? (
        <Text size="sm" c="dimmed">
          {pipeline.name}
        </Text>
      ) : null}
      {access === "write" ? (
        <Select
          size="xs"
          w={200}
          aria-label={t("fields.deals.stageId")}
          allowDeselect={false}
          disabled={moving}
          data={pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
          value={stage.id}
          onChange={(stageId) => {
            if (!stageId || stageId === stage.id) return;
            const target = pipeline.stages.find((s) => s.id === stageId);
            if (target?.kind === "lost") setLostStageId(stageId);
            else void move(stageId);
          }}
          leftSection={
            <Badge
              circle
              size="xs"
              color={stageColor(stage.kind)}
              variant="filled"
              aria-hidden
              style={{ width: 8, height: 8, minWidth: 8, padding: 0 }}
            />
          }
        />
      ) : (
        <Badge color={stageColor(stage.kind)} variant="light">
          {stage.name}
        </Badge>
      )}
      <LostReasonDialog
        dealTitle={lostStageId ? title : null}
        onCancel={() => setLostStageId(null)}
        onConfirm={(reason) => {
          const stageId = lostStageId;
          setLostStageId(null);
          if (stageId) void move(stageId, reason);
        }}
      />
    </Group>
  );
}
