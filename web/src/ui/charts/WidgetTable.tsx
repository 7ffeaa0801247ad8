import { ScrollArea, Table, Text } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { cellFormatter, rowKey } from "./cells";
import type { WidgetResult, WidgetRow } from "./types";

const NUMERIC = new Set(["number", "money", "percent", "duration"]);

export interface WidgetTableProps {
  result: WidgetResult;
  /** Drill-down: the clicked row and the column of the clicked cell. */
  onRowClick?: (row: WidgetRow, column?: string) => void;
  /** Whether a row drills down (default: every row when `onRowClick` is set); other rows are not clickable. */
  canDrill?: (row: WidgetRow) => boolean;
  maxHeight?: number;
}

/** The figures of a widget as a table: column labels, locale-formatted cells, numbers right-aligned. */
export function WidgetTable({ result, onRowClick, canDrill, maxHeight = 320 }: WidgetTableProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const f = useMemo(() => cellFormatter(result, t, language), [result, t, language]);
  const columns = result.columns.filter((c) => !c.hidden);
  if (result.rows.length === 0) {
    return (
      <Text c="dimmed" fz="sm">
        {t("analytics.noData")}
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={maxHeight}>
      <Table striped highlightOnHover={!!onRowClick} fz="sm" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} ta={NUMERIC.has(c.type) ? "right" : undefined}>
                {f.columnLabel(c)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.rows.map((row) => {
            const drill = onRowClick && (canDrill?.(row) ?? true) ? onRowClick : undefined;
            return (
              <Table.Tr
                key={rowKey(row)}
                style={drill ? { cursor: "pointer" } : undefined}
                data-drill={drill ? "true" : undefined}
              >
                {columns.map((c) => (
                  <Table.Td
                    key={c.key}
                    onClick={drill ? () => drill(row, c.key) : undefined}
                    ta={NUMERIC.has(c.type) ? "right" : undefined}
                    style={{ whiteSpace: "nowrap" }}
                  >
                    {f.text(c, row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
