/** biome-ignore-all lint/a11y/useSemanticElements: a virtualized ARIA grid is built from divs (a <table> cannot hold absolutely positioned rows) */
/** biome-ignore-all lint/a11y/useFocusableInteractive: focus lives on the cells and controls inside rows and headers (ARIA grid pattern) */
import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  arrayMove,
  horizontalListSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
} from "@dnd-kit/sortable";
import { Checkbox, Skeleton } from "@mantine/core";
import {
  type ColumnDef,
  columnResizingFeature,
  columnSizingFeature,
  type RowSelectionState,
  rowSelectionFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  type Updater,
  useTable,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, type RefObject, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CellValue } from "./cells";
import { defaultWidth, fitWidths } from "./columnWidths";
import { EditableCell } from "./EditableCell";
import { HeaderCell } from "./HeaderCell";
import classes from "./Table.module.css";
import type { ColumnSpec, RowBase, SortSpec } from "./types";
import { fieldValue } from "./values";

const features = tableFeatures({
  columnSizingFeature,
  columnResizingFeature,
  rowSortingFeature,
  rowSelectionFeature,
});
const SELECT = "__select";
export const ROW_HEIGHT = 40;
const SELECT_WIDTH = 44;

const withoutKey = (widths: Record<string, number>, key: string) =>
  Object.fromEntries(Object.entries(widths).filter(([k]) => k !== key));

/** The element's inner width (without its scroll bar), followed as it resizes; 0 before layout. */
function useAvailableWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(element.clientWidth);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export interface DataTableProps {
  ariaLabel: string;
  columns: ColumnSpec[];
  /** Keys of the shown columns, in order. */
  visible: string[];
  onVisibleChange: (visible: string[]) => void;
  widths: Record<string, number>;
  onWidthsChange: (widths: Record<string, number>) => void;
  rows: RowBase[];
  loading: boolean;
  hasMore: boolean;
  fetchingMore: boolean;
  onLoadMore: () => void;
  sort: SortSpec[];
  onSortChange: (sort: SortSpec[]) => void;
  selection: RowSelectionState;
  onSelectionChange: (selection: RowSelectionState) => void;
  onEditCell?: (row: RowBase, key: string, value: unknown) => Promise<void>;
  /** Why a row may not be edited (the server's per-record answer); null: editable. Its cells show the reason. */
  readOnlyReason?: (row: RowBase) => string | null;
  /** The column that links to the record page. */
  primary?: string;
  /** Extra content in front of the primary cell (e.g. the tasks' complete checkbox). */
  leading?: (row: RowBase) => ReactNode;
  rowTone?: (row: RowBase) => "danger" | undefined;
  height?: number | string;
}

const resolve = <T,>(updater: Updater<T>, previous: T): T =>
  typeof updater === "function" ? (updater as (old: T) => T)(previous) : updater;

/** The generic list table: virtualized rows, keyset "load more" on scroll, header sort/reorder/resize. */
export function DataTable(props: DataTableProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const byKey = useMemo(() => new Map(props.columns.map((c) => [c.key, c])), [props.columns]);
  const shown = useMemo(
    () => props.visible.map((key) => byKey.get(key)).filter((c): c is ColumnSpec => c !== undefined),
    [props.visible, byKey],
  );

  // The table's inner width, so the columns fit it (the primary column takes the free width).
  const available = useAvailableWidth(scrollRef);
  const fitted = useMemo(
    () => fitWidths(shown, props.widths, props.primary, available - SELECT_WIDTH),
    [shown, props.widths, props.primary, available],
  );

  const columnDefs = useMemo<ColumnDef<typeof features, RowBase>[]>(
    () => [
      { id: SELECT, size: SELECT_WIDTH, enableSorting: false, enableResizing: false },
      ...shown.map((column) => ({
        id: column.key,
        accessorFn: (row: RowBase) => fieldValue(row, column.key),
        size: fitted[column.key] ?? defaultWidth(column),
        minSize: 60,
        maxSize: 800,
        enableSorting: column.sortable,
        // The server sorts: the first click asks ascending (amounts largest first), whatever the cell's shape
        // (a phone column holds a list of numbers, which TanStack would sort descending first).
        sortDescFirst: column.type === "number" || column.type === "money",
        enableMultiSort: true,
      })),
    ],
    [shown, fitted],
  );

  const sorting: SortingState = props.sort;
  const table = useTable({
    features,
    columns: columnDefs,
    data: props.rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableMultiSort: true,
    isMultiSortEvent: (event) => (event as { shiftKey?: boolean }).shiftKey === true,
    columnResizeMode: "onChange",
    state: { sorting, rowSelection: props.selection, columnSizing: props.widths },
    onSortingChange: (updater) =>
      props.onSortChange(resolve(updater, sorting).map((s) => ({ id: s.id, desc: s.desc }))),
    onRowSelectionChange: (updater) => props.onSelectionChange(resolve(updater, props.selection)),
    onColumnSizingChange: (updater) => props.onWidthsChange(resolve(updater, props.widths)),
  });

  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1024, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { hasMore, fetchingMore, onLoadMore } = props;
  useEffect(() => {
    if (hasMore && !fetchingMore && lastIndex >= rows.length - 25) onLoadMore();
  }, [hasMore, fetchingMore, lastIndex, rows.length, onLoadMore]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = props.visible.indexOf(String(active.id));
    const to = props.visible.indexOf(String(over.id));
    if (from >= 0 && to >= 0) props.onVisibleChange(arrayMove(props.visible, from, to));
  };

  const totalWidth = table.getTotalSize();
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  return (
    <div
      ref={scrollRef}
      className={classes.scroller}
      style={{ height: props.height ?? "calc(100dvh - 230px)", minHeight: 320 }}
      role="grid"
      aria-label={props.ariaLabel}
      aria-rowcount={rows.length + 1}
      aria-busy={props.loading || props.fetchingMore}
    >
      <div role="row" className={classes.header} style={{ width: totalWidth }}>
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={props.visible} strategy={horizontalListSortingStrategy}>
            {headers.map((header) => {
              if (header.column.id === SELECT) {
                return (
                  <div
                    key={SELECT}
                    role="columnheader"
                    className={classes.headerCell}
                    style={{ width: header.getSize() }}
                  >
                    <Checkbox
                      size="xs"
                      aria-label={t("table.selectAllLoaded")}
                      checked={table.getIsAllRowsSelected()}
                      indeterminate={table.getIsSomeRowsSelected()}
                      onChange={table.getToggleAllRowsSelectedHandler()}
                    />
                  </div>
                );
              }
              const column = byKey.get(header.column.id);
              const sorted = header.column.getIsSorted();
              return (
                <HeaderCell
                  key={header.id}
                  id={header.column.id}
                  label={column?.label ?? header.column.id}
                  width={header.getSize()}
                  sortable={header.column.getCanSort()}
                  sorted={sorted}
                  sortIndex={header.column.getSortIndex()}
                  multiSorted={sorting.length > 1}
                  resizing={header.column.getIsResizing()}
                  onSort={(event) => header.column.getToggleSortingHandler()?.(event)}
                  onResizeStart={header.getResizeHandler()}
                  onResizeBy={(delta) =>
                    props.onWidthsChange(
                      delta === 0
                        ? withoutKey(props.widths, header.column.id)
                        : { ...props.widths, [header.column.id]: Math.max(60, header.getSize() + delta) },
                    )
                  }
                />
              );
            })}
          </SortableContext>
        </DndContext>
      </div>
      {props.loading ? (
        <LoadingRows width={totalWidth} />
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), width: totalWidth, position: "relative" }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const selected = row.getIsSelected();
            const tone = props.rowTone?.(row.original);
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                data-index={item.index}
                className={`${classes.row} ${selected ? classes.selected : ""} ${tone === "danger" ? classes.danger : ""}`}
                style={{ height: ROW_HEIGHT, width: totalWidth, transform: `translateY(${item.start}px)` }}
              >
                {row.getAllCells().map((cell) => {
                  const width = cell.column.getSize();
                  if (cell.column.id === SELECT) {
                    return (
                      <div key={cell.id} role="gridcell" className={classes.cell} style={{ width }}>
                        <Checkbox
                          size="xs"
                          aria-label={t("table.selectRow")}
                          checked={selected}
                          onChange={row.getToggleSelectedHandler()}
                        />
                      </div>
                    );
                  }
                  const column = byKey.get(cell.column.id);
                  if (!column) return null;
                  const lead = column.key === props.primary ? props.leading?.(row.original) : null;
                  const onEdit = column.editable ? props.onEditCell : undefined;
                  const denied = onEdit ? (props.readOnlyReason?.(row.original) ?? null) : null;
                  return (
                    <div
                      key={cell.id}
                      className={classes.cell}
                      style={{ width, gap: 6 }}
                      role={onEdit && denied === null ? undefined : "gridcell"}
                      title={denied ?? undefined}
                    >
                      {lead}
                      {onEdit && denied === null ? (
                        <EditableCell
                          column={column}
                          row={row.original}
                          primary={props.primary}
                          onCommit={onEdit}
                        />
                      ) : (
                        <CellValue column={column} row={row.original} primary={props.primary} />
                      )}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function LoadingRows({ width }: { width: number }) {
  return (
    <div style={{ width }}>
      {Array.from({ length: 8 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <div key={i} className={classes.skeletonRow} style={{ height: ROW_HEIGHT }}>
          <Skeleton height={14} radius="sm" />
        </div>
      ))}
    </div>
  );
}
