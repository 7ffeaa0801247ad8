/** biome-ignore-all lint/a11y/useSemanticElements: a virtualized ARIA grid is built from divs (a <table> cannot hold absolutely positioned rows) */
/** biome-ignore-all lint/a11y/useFocusableInteractive: focus lives on the cells and controls inside rows and headers (ARIA grid pattern) */
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { IconArrowDown, IconArrowUp, IconGripVertical } from "@tabler/icons-react";
import type { KeyboardEvent, MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import classes from "./Table.module.css";

export interface HeaderCellProps {
  id: string;
  label: string;
  width: number;
  sortable: boolean;
  sorted: false | "asc" | "desc";
  sortIndex: number;
  multiSorted: boolean;
  resizing: boolean;
  onSort: (event: MouseEvent | KeyboardEvent) => void;
  onResizeStart: (event: unknown) => void;
  onResizeBy: (delta: number) => void;
}

/** A column header: sort button (Shift adds to the sort), drag grip for reordering, resize handle. */
export function HeaderCell(props: HeaderCellProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({
      id: props.id,
    });
  const ariaSort = props.sorted === "asc" ? "ascending" : props.sorted === "desc" ? "descending" : "none";
  return (
    <div
      ref={setNodeRef}
      role="columnheader"
      aria-sort={ariaSort}
      className={classes.headerCell}
      style={{
        width: props.width,
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.7 : 1,
        zIndex: isDragging ? 3 : undefined,
      }}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className={classes.grip}
        aria-label={t("table.moveColumn", { column: props.label })}
        {...attributes}
        {...listeners}
      >
        <IconGripVertical size={14} aria-hidden />
      </button>
      {props.sortable ? (
        <button
          type="button"
          className={classes.sortButton}
          onClick={props.onSort}
          title={t("table.sortHint")}
          aria-label={t("table.sortBy", { column: props.label })}
        >
          <span className={classes.headerLabel} title={props.label}>
            {props.label}
          </span>
          {props.sorted === "asc" ? <IconArrowUp size={14} aria-hidden /> : null}
          {props.sorted === "desc" ? <IconArrowDown size={14} aria-hidden /> : null}
          {props.sorted && props.multiSorted ? <small>{props.sortIndex + 1}</small> : null}
        </button>
      ) : (
        <span className={classes.sortButton} style={{ cursor: "default" }}>
          <span className={classes.headerLabel} title={props.label}>
            {props.label}
          </span>
        </span>
      )}
      <div
        role="separator"
        aria-orientation="vertical"
        aria-valuenow={props.width}
        aria-label={t("table.resizeColumn", { column: props.label })}
        tabIndex={0}
        className={`${classes.resizer} ${props.resizing ? classes.resizing : ""}`}
        onMouseDown={props.onResizeStart}
        onTouchStart={props.onResizeStart}
        onDoubleClick={() => props.onResizeBy(0)}
        onKeyDown={(event) => {
          if (event.key === "ArrowLeft") props.onResizeBy(-16);
          if (event.key === "ArrowRight") props.onResizeBy(16);
        }}
      />
    </div>
  );
}
