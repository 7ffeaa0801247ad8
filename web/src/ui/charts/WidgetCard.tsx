import { Alert, Card, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n/format";
import type { WidgetResult, WidgetRow } from "./types";
import { WidgetChart } from "./WidgetChart";
import { WidgetTable } from "./WidgetTable";

export interface WidgetCardProps {
  title: string;
  result: WidgetResult | undefined;
  /** A loading or error state drawn in place of the figures. */
  status?: ReactNode;
  /** Drill-down from a row, or from one cell (`column`) of a widget whose columns count different records. */
  onDrill?: (row: WidgetRow, column?: string) => void;
  /** Whether a row drills down (default: every row when `onDrill` is set). */
  canDrill?: (row: WidgetRow) => boolean;
  height?: number;
  /** Extra controls in the header (e.g. a menu of the report builder). */
  actions?: ReactNode;
}

/**
 * A widget: title, its chart with the table below (or the table alone on demand), notices and — when the
 * figures come from a cache or rollup — "as of …".
 */
export function WidgetCard({ title, result, status, onDrill, canDrill, height, actions }: WidgetCardProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const [view, setView] = useState<"chart" | "table">("chart");
  const tableOnly = result?.chart.type === "table";
  return (
    <Card
      withBorder
      padding="md"
      radius="md"
      data-testid="analytics-widget"
      data-state={result ? "ready" : "loading"}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Title order={3} fz="md">
            {title}
          </Title>
          <Group gap="xs" wrap="nowrap">
            {actions}
            {!tableOnly && result && result.chart.type !== "number" && (
              <SegmentedControl
                size="xs"
                value={view}
                onChange={(v) => setView(v as "chart" | "table")}
                data={[
                  { value: "chart", label: t("analytics.view.chart") },
                  { value: "table", label: t("analytics.view.table") },
                ]}
              />
            )}
          </Group>
        </Group>
        {status}
        {result?.notices?.map((n) => (
          <Alert key={n.code} color="yellow" p="xs" fz="sm">
            {t(`analytics.notices.${n.code}`, {
              ...(n.params ?? {}),
              ...(n.params?.bucket ? { bucket: t(`analytics.filters.${n.params.bucket}`) } : {}),
              defaultValue: n.code,
            })}
          </Alert>
        ))}
        {result && view === "chart" && !tableOnly && (
          <WidgetChart result={result} height={height} onPointClick={onDrill} title={title} />
        )}
        {result && (view === "table" || tableOnly || result.chart.type !== "number") && (
          <WidgetTable
            result={result}
            onRowClick={onDrill}
            canDrill={canDrill}
            maxHeight={view === "table" ? 600 : 220}
          />
        )}
        {result && !result.exact && (
          <Text fz="xs" c="dimmed">
            {t("analytics.asOf", { time: formatDateTime(result.asOf, language) })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
