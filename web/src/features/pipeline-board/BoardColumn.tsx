import { useDroppable } from "@dnd-kit/core";
import { Badge, Button, Group, Skeleton, Stack, Text, VisuallyHidden } from "@mantine/core";
import { useIntersection } from "@mantine/hooks";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { DirectoryUser } from "../../ui/people/directory";
import classes from "./Board.module.css";
import { ConvertedLine } from "./BoardTotals";
import { DraggableDealCard } from "./DraggableDealCard";
import { QuickAddDeal } from "./QuickAddDeal";
import type { BoardStage, Stage } from "./types";

interface BoardColumnProps {
  pipelineId: string;
  stage: Stage;
  column: BoardStage;
  stages: readonly Stage[];
  companies: Map<string, string> | undefined;
  users: Map<string, DirectoryUser>;
  loadingMore: boolean;
  onLoadMore: () => void;
  onMove: (dealId: string, stageId: string) => void;
}

export function ColumnSums({ column }: { column: BoardStage }) {
  const format = useFormat();
  if (!column.sums) return <Text size="xs">—</Text>;
  if (column.sums.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {format.number(0)}
      </Text>
    );
  return (
    <Stack gap={0}>
      {column.sums.map((sum) => (
        <Text key={sum.currency} size="xs" c="dimmed">
          {format.money(sum.amount, sum.currency)}
        </Text>
      ))}
      <ConvertedLine sums={column.sums} converted={column.converted} />
    </Stack>
  );
}

export function BoardColumn(props: BoardColumnProps) {
  const { t } = useTranslation();
  const { stage, column } = props;
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { kind: stage.kind } });
  const { ref: sentinel, entry } = useIntersection({ threshold: 0.1 });
  const visible = entry?.isIntersecting ?? false;
  const { onLoadMore, loadingMore } = props;
  const hasMore = Boolean(column.nextCursor);
  useEffect(() => {
    if (visible && hasMore && !loadingMore) onLoadMore();
  }, [visible, hasMore, loadingMore, onLoadMore]);

  const headingId = `stage-${stage.id}`;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      className={[classes.column, isOver ? classes.columnOver : ""].join(" ")}
      data-testid="board-column"
      data-stage-id={stage.id}
    >
      <div className={classes.columnHeader}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text id={headingId} fw={600} size="sm" truncate component="h2" m={0}>
            {stage.name}
          </Text>
          <Badge
            variant="light"
            color={stage.kind === "won" ? "green" : stage.kind === "lost" ? "red" : "gray"}
          >
            <span aria-hidden>{column.count}</span>
            <VisuallyHidden>{t("board.dealCount", { count: column.count })}</VisuallyHidden>
          </Badge>
        </Group>
        <ColumnSums column={column} />
      </div>
      <div className={classes.columnBody}>
        {stage.kind === "open" ? <QuickAddDeal pipelineId={props.pipelineId} stageId={stage.id} /> : null}
        {column.items.map((deal) => (
          <DraggableDealCard
            key={deal.id}
            deal={deal}
            stages={props.stages}
            companyName={deal.companyId ? props.companies?.get(deal.companyId) : undefined}
            owner={deal.ownerId ? props.users.get(deal.ownerId) : undefined}
            onMoveTo={(stageId) => props.onMove(deal.id, stageId)}
          />
        ))}
        {column.items.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t("board.emptyColumn")}
          </Text>
        ) : null}
        {hasMore ? (
          <>
            {loadingMore ? <Skeleton height={72} radius="md" /> : null}
            <div ref={sentinel} />
            <Button variant="subtle" size="compact-sm" onClick={onLoadMore} loading={loadingMore}>
              {t("board.loadMore")}
            </Button>
          </>
        ) : null}
      </div>
    </section>
  );
}
