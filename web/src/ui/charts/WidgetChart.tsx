import { Text } from "@mantine/core";
import { BarChart, FunnelChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { cellFormatter, rowKey } from "./cells";
import { EChart, type EChartClick } from "./EChart";
import { buildChartOption } from "./option";
import type { WidgetResult, WidgetRow } from "./types";

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  FunnelChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  SVGRenderer,
]);

/**
 * Charts appear drawn rather than grown in: a dashboard draws about ten at once, and their entry animations kept
 * the main thread busy for over a second while the later widgets were still arriving (docs/PERFORMANCE.md
 * "Sales dashboard in the browser"). Changes after the first draw (filters) still animate.
 */
const FIRST_DRAW = { animationDuration: 0 };

export interface WidgetChartProps {
  result: WidgetResult;
  height?: number;
  /** Drill-down: the row behind a clicked bar, slice or point, and the measure it draws. */
  onPointClick?: (row: WidgetRow, column?: string) => void;
  /** Accessible name of the chart (the widget title). */
  title?: string;
}

/**
 * Draws a widget result as its chart hint says (bar, stacked bar, line, area, pie, donut, funnel, single
 * number). Import it lazily — ECharts stays out of the pages that have no charts.
 */
export function WidgetChart({ result, height = 280, onPointClick, title }: WidgetChartProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const f = useMemo(() => cellFormatter(result, t, language), [result, t, language]);
  const built = useMemo(() => buildChartOption(result, f), [result, f]);
  const option = useMemo(() => ({ ...built.option, ...FIRST_DRAW }), [built]);
  const onClick = useCallback(
    (p: EChartClick) => {
      const row = built.rowAt(p.seriesIndex ?? 0, p.dataIndex ?? 0);
      if (row && onPointClick) onPointClick(row, built.columnAt(p.seriesIndex ?? 0));
    },
    [built, onPointClick],
  );

  if (result.chart.type === "table") return null;
  if (result.chart.type === "number") {
    const m = result.columns.find((c) => c.key === result.chart.y[0]);
    return (
      <div>
        {result.rows.map((row) => (
          <Text key={rowKey(row)} fz={32} fw={700} lh={1.2}>
            {m ? f.text(m, row) : "—"}
          </Text>
        ))}
        {result.rows.length === 0 && (
          <Text c="dimmed" fz="sm">
            {t("analytics.noData")}
          </Text>
        )}
      </div>
    );
  }
  if (result.rows.length === 0) {
    return (
      <Text c="dimmed" fz="sm" py="xl" ta="center">
        {t("analytics.noData")}
      </Text>
    );
  }
  return (
    <div role="img" aria-label={title}>
      <EChart option={option} height={height} locale={language === "ru" ? "RU" : "EN"} onClick={onClick} />
    </div>
  );
}
