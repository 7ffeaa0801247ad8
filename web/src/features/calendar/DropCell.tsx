import { useDroppable } from "@dnd-kit/core";
import type { ReactNode } from "react";
import classes from "./Calendar.module.css";

interface DropCellProps {
  id: string;
  className: string | undefined;
  onEmptyClick: () => void;
  children: ReactNode;
  testId?: string;
}

/** A droppable day cell or hour slot; clicking its empty space creates a task there. */
export function DropCell({ id, className, onEmptyClick, children, testId }: DropCellProps) {
  const { setNodeRef, isOver } = useDroppable({ id });
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: mouse shortcut; keyboard users use the cell's "add" button
    // biome-ignore lint/a11y/noStaticElementInteractions: see above
    <div
      ref={setNodeRef}
      className={[className, isOver ? classes.over : ""].join(" ")}
      onClick={(event) => {
        if (event.target === event.currentTarget) onEmptyClick();
      }}
      data-drop-id={id}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
