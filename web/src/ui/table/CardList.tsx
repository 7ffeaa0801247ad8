/** biome-ignore-all lint/a11y/useSemanticElements: a virtualized ARIA grid is built from divs (a <table> cannot hold absolutely positioned rows) */
/** biome-ignore-all lint/a11y/useFocusableInteractive: focus lives on the cells and controls inside rows and headers (ARIA grid pattern) */
import { Checkbox, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { CellValue, textOf } from "./cells";
import { useTableEnv } from "./TableEnv";
import type { ColumnSpec, RowBase } from "./types";
import { fieldValue, isEmptyValue } from "./values";

const CARD_HEIGHT = 132;

export interface CardListProps {
  ariaLabel: string;
  columns: ColumnSpec[];
  visible: string[];
  primary: string;
  rows: RowBase[];
  loading: boolean;
  hasMore: boolean;
  fetchingMore: boolean;
  onLoadMore: () => void;
  selection: Record<string, true>;
  onSelectionChange: (selection: Record<string, true>) => void;
  leading?: (row: RowBase) => ReactNode;
  rowTone?: (row: RowBase) => "danger" | undefined;
}

/** Phones (< 768 px): the same rows as virtualized cards — primary field, then up to four other columns. */
export function CardList(props: CardListProps) {
  const { t } = useTranslation();
  const env = useTableEnv();
  const format = useFormat(env.timeZone);
  const ref = useRef<HTMLDivElement>(null);
  const byKey = new Map(props.columns.map((c) => [c.key, c]));
  const primary = byKey.get(props.primary);
  const details = props.visible
    .filter((k) => k !== props.primary)
    .map((k) => byKey.get(k))
    .filter((c): c is ColumnSpec => c !== undefined)
    .slice(0, 4);
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => ref.current,
    estimateSize: () => CARD_HEIGHT,
    overscan: 6,
    initialRect: { width: 360, height: 700 },
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  const { hasMore, fetchingMore, onLoadMore, rows } = props;
  useEffect(() => {
    if (hasMore && !fetchingMore && last >= rows.length - 10) onLoadMore();
  }, [hasMore, fetchingMore, last, rows.length, onLoadMore]);

  if (props.loading) {
    return (
      <Stack gap="xs">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={CARD_HEIGHT - 12} radius="md" />
        ))}
      </Stack>
    );
  }
  return (
    <div
      ref={ref}
      style={{ height: "calc(100dvh - 260px)", minHeight: 320, overflow: "auto" }}
      role="list"
      aria-label={props.ariaLabel}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((item) => {
          const row = props.rows[item.index];
          if (!row) return null;
          const selected = props.selection[row.id] === true;
          return (
            <div
              key={row.id}
              role="listitem"
              style={{
                position: "absolute",
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${item.start}px)`,
                height: CARD_HEIGHT,
                paddingBottom: 8,
              }}
            >
              <Paper
                withBorder
                radius="md"
                p="sm"
                h="100%"
                c={props.rowTone?.(row) === "danger" ? "red" : undefined}
              >
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Checkbox
                    size="xs"
                    mt={3}
                    aria-label={t("table.selectRow")}
                    checked={selected}
                    onChange={(e) => {
                      const next = { ...props.selection };
                      if (e.currentTarget.checked) next[row.id] = true;
                      else delete next[row.id];
                      props.onSelectionChange(next);
                    }}
                  />
                  {props.leading?.(row)}
                  <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                    {primary ? <CellValue column={primary} row={row} primary={props.primary} /> : null}
                    {details.map((column) =>
                      isEmptyValue(fieldValue(row, column.key)) ? null : (
                        <Group key={column.key} gap={6} wrap="nowrap">
                          <Text size="xs" c="dimmed" style={{ flex: "none" }}>
                            {column.label}
                          </Text>
                          <div
                            style={{ minWidth: 0, overflow: "hidden" }}
                            title={textOf(column, row, env, format)}
                          >
                            <CellValue column={column} row={row} />
                          </div>
                        </Group>
                      ),
                    )}
                  </Stack>
                </Group>
              </Paper>
            </div>
          );
        })}
      </div>
    </div>
  );
}
