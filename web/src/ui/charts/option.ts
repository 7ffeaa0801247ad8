import type { CellFormatter } from "./cells";
import type { WidgetResult, WidgetRow } from "./types";

/** An ECharts option plus, per series and data index, the row a click on that point drills into. */
export interface BuiltChart {
  option: Record<string, unknown>;
  rowAt(seriesIndex: number, dataIndex: number): WidgetRow | undefined;
  /** The measure (column key) a series draws, for a drill-down into that cell. */
  columnAt(seriesIndex: number): string | undefined;
}

const column = (result: WidgetResult, key: string | undefined) =>
  key ? result.columns.find((c) => c.key === key) : undefined;

/**
 * Builds the ECharts option for a widget result from its chart hint — pure (no React, no DOM), so the same
 * builder can render on a server with `renderToSVGString`.
 */
export function buildChartOption(result: WidgetResult, f: CellFormatter): BuiltChart {
  const { chart, rows } = result;
  const x = column(result, chart.x);
  const measures = chart.y.flatMap((k) => column(result, k) ?? []);
  const category = (row: WidgetRow) => (x ? f.text(x, row) : "");

  if (chart.type === "pie" || chart.type === "donut" || chart.type === "funnel") {
    const m = measures[0];
    const data = rows.map((row) => ({ name: category(row), value: m ? f.value(row[m.key] ?? null) : 0 }));
    const series =
      chart.type === "funnel"
        ? { type: "funnel", sort: "none", data, left: "10%", width: "80%", label: { position: "inside" } }
        : { type: "pie", data, radius: chart.type === "donut" ? ["45%", "72%"] : "72%" };
    return {
      option: {
        tooltip: {
          trigger: "item",
          formatter: (p: { dataIndex: number; name: string }) => {
            const row = rows[p.dataIndex];
            return row && m ? `${p.name}: ${f.text(m, row)}` : p.name;
          },
        },
        legend: { type: "scroll", bottom: 0 },
        series: [series],
      },
      rowAt: (_s, i) => rows[i],
      columnAt: () => m?.key,
    };
  }

  // Category charts: one category per distinct x, one series per measure (× series value).
  const categories: string[] = [];
  const index = new Map<string, number>();
  for (const row of rows) {
    const c = category(row);
    if (!index.has(c)) {
      index.set(c, categories.length);
      categories.push(c);
    }
  }
  const split = column(result, chart.series);
  const groups = new Map<string, WidgetRow[]>();
  for (const row of rows) {
    const g = split ? f.text(split, row) : "";
    groups.set(g, [...(groups.get(g) ?? []), row]);
  }
  const seriesRows: (WidgetRow | undefined)[][] = [];
  const series = [...groups.entries()].flatMap(([group, groupRows]) =>
    measures.map((m) => {
      const byCategory: (WidgetRow | undefined)[] = categories.map(() => undefined);
      const sums: (number | null)[] = categories.map(() => null);
      for (const row of groupRows) {
        // Rows sharing a category (and series) add up: plan vs fact of several people in one month.
        const i = index.get(category(row)) ?? 0;
        byCategory[i] ??= row;
        sums[i] = (sums[i] ?? 0) + f.value(row[m.key] ?? null);
      }
      seriesRows.push(byCategory);
      const name = [group, measures.length > 1 || !group ? f.columnLabel(m) : ""].filter(Boolean).join(" · ");
      const line = chart.type === "line" || chart.type === "area";
      return {
        name,
        type: line ? "line" : "bar",
        stack: chart.type === "stackedBar" || chart.type === "area" ? "total" : undefined,
        areaStyle: chart.type === "area" ? {} : undefined,
        smooth: line,
        data: sums,
      };
    }),
  );
  const categoryAxis = { type: "category", data: categories, axisLabel: { hideOverlap: true } };
  const first = measures[0];
  const valueAxis = {
    type: "value",
    axisLabel: { formatter: (v: number) => (first ? f.axis(first, v) : String(v)) },
  };
  return {
    option: {
      tooltip: {
        trigger: "axis",
        formatter: (
          params: { seriesIndex: number; dataIndex: number; seriesName: string; marker: string }[],
        ) => {
          const first = params[0];
          if (!first) return "";
          const lines = params.map((p) => {
            const row = seriesRows[p.seriesIndex]?.[p.dataIndex];
            const m = measures[p.seriesIndex % Math.max(1, measures.length)];
            return `${p.marker}${p.seriesName ? `${p.seriesName}: ` : ""}${row && m ? f.text(m, row) : "—"}`;
          });
          return [categories[first.dataIndex] ?? "", ...lines].join("<br/>");
        },
      },
      legend: series.length > 1 ? { type: "scroll", bottom: 0 } : undefined,
      grid: { left: 8, right: 16, top: 16, bottom: series.length > 1 ? 40 : 8, containLabel: true },
      xAxis: chart.horizontal ? valueAxis : categoryAxis,
      yAxis: chart.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
      series,
    },
    rowAt: (s, i) => seriesRows[s]?.[i],
    columnAt: (s) => measures[s % Math.max(1, measures.length)]?.key,
  };
}
