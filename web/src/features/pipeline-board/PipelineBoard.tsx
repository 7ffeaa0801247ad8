import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useUserMap } from "../../ui/people/directory";
import classes from "./Board.module.css";
import { BoardColumn } from "./BoardColumn";
import { findDeal, requiresLostReason } from "./boardModel";
import { DealCardContent, DealCardFrame } from "./DealCard";
import { columnCoordinates } from "./keyboardColumns";
import { LostReasonDialog } from "./LostReasonDialog";
import type { Board, BoardDeal, Pipeline } from "./types";

interface PipelineBoardProps {
  pipeline: Pipeline;
  board: Board;
  companies: Map<string, string> | undefined;
  loadingStages: ReadonlySet<string>;
  onLoadMore: (stageId: string) => void;
  onMove: (move: { dealId: string; stageId: string; lostReason?: string }) => void;
}

const collisions: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

/** The kanban: columns are droppable stages, cards are draggable deals. */
export function PipelineBoard({
  pipeline,
  board,
  companies,
  loadingStages,
  onLoadMore,
  onMove,
}: PipelineBoardProps) {
  const { t } = useTranslation();
  const users = useUserMap();
  const [active, setActive] = useState<BoardDeal | null>(null);
  const [pendingLost, setPendingLost] = useState<{ deal: BoardDeal; stageId: string } | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates }),
  );
  const stageName = (id: unknown) => pipeline.stages.find((stage) => stage.id === id)?.name ?? "";
  const dealTitle = (id: unknown) => (typeof id === "string" ? (findDeal(board, id)?.deal.title ?? "") : "");
  const announcements: Announcements = {
    onDragStart: ({ active: a }) => t("board.announce.start", { title: dealTitle(a.id) }),
    onDragOver: ({ active: a, over }) =>
      over ? t("board.announce.over", { title: dealTitle(a.id), stage: stageName(over.id) }) : undefined,
    onDragEnd: ({ active: a, over }) =>
      over
        ? t("board.announce.end", { title: dealTitle(a.id), stage: stageName(over.id) })
        : t("board.announce.cancel", { title: dealTitle(a.id) }),
    onDragCancel: ({ active: a }) => t("board.announce.cancel", { title: dealTitle(a.id) }),
  };

  const requestMove = (dealId: string, stageId: string) => {
    const found = findDeal(board, dealId);
    if (!found || found.deal.stageId === stageId) return;
    const stage = pipeline.stages.find((item) => item.id === stageId);
    if (requiresLostReason(stage)) setPendingLost({ deal: found.deal, stageId });
    else onMove({ dealId, stageId });
  };

  const onDragStart = (event: DragStartEvent) => {
    setActive(findDeal(board, String(event.active.id))?.deal ?? null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setActive(null);
    if (event.over) requestMove(String(event.active.id), String(event.over.id));
  };

  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={collisions}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActive(null)}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t("board.instructions") } }}
      >
        <div className={classes.board} data-testid="pipeline-board">
          {pipeline.stages.map((stage) => {
            const column = board.stages.find((item) => item.stageId === stage.id);
            if (!column) return null;
            return (
              <BoardColumn
                key={stage.id}
                pipelineId={pipeline.id}
                stage={stage}
                column={column}
                stages={pipeline.stages}
                companies={companies}
                users={users}
                loadingMore={loadingStages.has(stage.id)}
                onLoadMore={() => onLoadMore(stage.id)}
                onMove={requestMove}
              />
            );
          })}
        </div>
        <DragOverlay dropAnimation={null}>
          {active ? (
            <DealCardFrame className={classes.overlay}>
              <DealCardContent
                deal={active}
                stages={pipeline.stages}
                companyName={active.companyId ? companies?.get(active.companyId) : undefined}
                owner={active.ownerId ? users.get(active.ownerId) : undefined}
              />
            </DealCardFrame>
          ) : null}
        </DragOverlay>
      </DndContext>
      <LostReasonDialog
        dealTitle={pendingLost?.deal.title ?? null}
        onCancel={() => setPendingLost(null)}
        onConfirm={(lostReason) => {
          if (pendingLost) onMove({ dealId: pendingLost.deal.id, stageId: pendingLost.stageId, lostReason });
          setPendingLost(null);
        }}
      />
    </>
  );
}
