import { useDraggable } from "@dnd-kit/core";
import { useTranslation } from "react-i18next";
import classes from "./Board.module.css";
import { DealCardContent, DealCardFrame, type DealCardProps } from "./DealCard";

/** A card that can be picked up with the mouse, touch (long press) or keyboard (Space/Enter). */
export function DraggableDealCard(props: DealCardProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: props.deal.id,
    data: { stageId: props.deal.stageId },
  });
  return (
    // biome-ignore lint/a11y/useSemanticElements: the card holds a link and a menu, so it cannot be a <button>
    <div
      ref={setNodeRef}
      {...attributes}
      role="button"
      tabIndex={0}
      {...listeners}
      aria-roledescription={t("board.draggable")}
      aria-label={props.deal.title}
      data-testid="deal-card"
      className={isDragging ? classes.dragging : undefined}
    >
      <DealCardFrame>
        <DealCardContent {...props} />
      </DealCardFrame>
    </div>
  );
}
