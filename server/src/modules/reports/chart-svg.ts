import type * as echarts from "echarts";
import type { ReportResult } from "./run.js";

type Row = ReportResult["rows"][number];

/** A cell as shown: user and team ids by name (the result's label maps), everything else as is. */
export function display(result: ReportResult, key: string, row: Row): string {
  const v = row[key];
  if (v === null || v === undefined) return "—";
  const type = result.columns.find((c) => c.key === key)?.type ?? "";
  return result.labels[type]?.[String(v)] ?? String(v);
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** The ECharts option of a report result (bar, stacked bar, line, area, pie, donut, funnel). */
export function chartOption(result: ReportResult, measureLabels: string[]): echarts.EChartsCoreOption | null {
  const { chart, rows } = result;
  const x = chart.x;
  if (!x || ["table", "pivot", "number"].includes(chart.type)) return null;
  const y = chart.y[0] ?? "m0";
  if (chart.type === "pie" || chart.type === "donut" || chart.type === "funnel") {
    const data = rows.map((r) => ({ name: display(result, x, r), value: num(r[y]) }));
    return {
      animation: false,
      legend: { bottom: 0, type: "scroll" },
      series: [
        chart.type === "funnel"
          ? { type: "funnel", data, sort: "descending" }
          : { type: "pie", data, radius: chart.type === "donut" ? ["40%", "70%"] : "70%" },
      ],
    };
  }
  const categories = [...new Set(rows.map((r) => display(result, x, r)))];
  const kind = chart.type === "line" || chart.type === "area" ? "line" : "bar";
  const extra = {
    ...(chart.type === "stackedBar" || chart.type === "area" ? { stack: "total" } : {}),
    ...(chart.type === "area" ? { areaStyle: {} } : {}),
  };
  let series: object[];
  if (chart.series) {
    const s = chart.series;
    const names = [...new Set(rows.map((r) => display(result, s, r)))];
    series = names.map((name) => ({
      type: kind,
      name,
      ...extra,
      data: categories.map((c) =>
        rows
          .filter((r) => display(result, x, r) === c && display(result, s, r) === name)
          .reduce((sum, r) => sum + num(r[y]), 0),
      ),
    }));
  } else {
    series = chart.y.map((key, i) => ({
      type: kind,
      name: measureLabels[i] ?? key,
      ...extra,
      data: categories.map((c) =>
        rows.filter((r) => display(result, x, r) === c).reduce((sum, r) => sum + num(r[key]), 0),
      ),
    }));
  }
  return {
    animation: false,
    legend: { bottom: 0, type: "scroll" },
    grid: { left: 60, right: 20, top: 20, bottom: 60 },
    xAxis: { type: "category", data: categories, axisLabel: { rotate: categories.length > 8 ? 45 : 0 } },
    yAxis: { type: "value" },
    series,
  };
}

export type ChartSvg = (option: echarts.EChartsCoreOption, width?: number, height?: number) => string;

/**
 * Loads ECharts (on first use: every process and every server test file imports the reports module, few draw a
 * chart) and returns the renderer of a chart to an SVG string on the server, without a browser (ECharts' SSR
 * renderer).
 */
export async function loadChartSvg(): Promise<ChartSvg> {
  const charts = await import("echarts");
  return (option, width = 760, height = 360) => {
    const chart = charts.init(null, null, { renderer: "svg", ssr: true, width, height });
    try {
      chart.setOption(option);
      return chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
  };
}
