import type { ReportDefinition } from "./definition.js";
import type { ResolvedMeasure, ResolvedReport } from "./resolve.js";
import type { Cell, ReportResult, WidgetColumn } from "./run.js";

export const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);

/** Counts are numbers; sums, averages and money stay exact decimal strings; dates stay text. */
export function cell(m: ResolvedMeasure, v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (m.fn === "count" || m.fn === "countDistinct") return Number(v);
  return String(v);
}

type Labels = Map<string, string>[];

export interface Shape {
  columns: WidgetColumn[];
  chart: ReportResult["chart"];
  labelMaps(labels: Labels): Record<string, Record<string, string>>;
  /** Per dimension: how its key is presented ("user"/"team" ids with a label map, titles, months…). */
  kinds: ("user" | "team" | "title" | "month" | "plain")[];
}

/** Columns `d0`,`d1` (dimensions) and `m0…` (measures) of the widget result, and the chart hint. */
export function presentation(d: ReportDefinition, r: ResolvedReport): Shape {
  const columns: WidgetColumn[] = [];
  const kinds: Shape["kinds"] = [];
  r.dimensions.forEach((dim, i) => {
    const key = `d${i}`;
    const label = dim.field?.label;
    const base = { key, ...(label ? { label } : {}) };
    if (!dim.field) {
      kinds.push("team");
      columns.push({ ...base, type: "team" });
    } else if (dim.field.type === "user") {
      kinds.push("user");
      columns.push({ ...base, type: "user" });
    } else if (dim.field.type === "link") {
      kinds.push("title");
      columns.push({ ...base, type: "string" }, { key: `${key}Id`, type: "string", hidden: true });
    } else if (dim.bucket) {
      kinds.push(dim.bucket === "month" ? "month" : "plain");
      const type = dim.bucket === "month" ? "month" : dim.bucket === "week" ? "week" : "date";
      columns.push({ ...base, type });
    } else {
      kinds.push("plain");
      const type = dim.field.type === "number" || dim.field.type === "money" ? "number" : "string";
      columns.push({ ...base, type });
    }
  });
  const money = r.measures.some((m) => m.field?.type === "money" && m.fn !== "countDistinct");
  r.measures.forEach((m, i) => {
    const label = m.field?.label;
    const type =
      m.fn === "count" || m.fn === "countDistinct"
        ? "number"
        : m.field?.type === "money"
          ? "money"
          : m.field?.type === "date" || m.field?.type === "dateTime"
            ? "date"
            : "number";
    columns.push({
      key: `m${i}`,
      type,
      ...(label ? { label } : {}),
      ...(type === "money" ? { currencyKey: "currency" } : {}),
    });
  });
  if (money) columns.push({ key: "currency", type: "string", hidden: true });
  const y = r.measures.map((_, i) => `m${i}`);
  const chartType = d.chart === "pivot" ? "table" : d.chart;
  const chart: ReportResult["chart"] = {
    type: d.chart === "pivot" ? "pivot" : chartType,
    ...(r.dimensions.length > 0 ? { x: "d0" } : {}),
    y,
    ...(r.dimensions.length > 1 ? { series: "d1" } : {}),
  };
  return {
    columns,
    chart,
    kinds,
    labelMaps(labels) {
      const out: Record<string, Record<string, string>> = {};
      kinds.forEach((k, i) => {
        if (k !== "user" && k !== "team") return;
        out[k] = { ...(out[k] ?? {}), ...Object.fromEntries(labels[i] ?? new Map()) };
      });
      return out;
    },
  };
}

export function shapeRow(
  r: ResolvedReport,
  shape: Shape,
  row: Record<string, unknown>,
  labels: Labels,
): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  shape.kinds.forEach((k, i) => {
    const v = iso(row[`d${i}`]);
    if (k === "title") {
      out[`d${i}`] = v === null ? null : (labels[i]?.get(v) ?? v);
      out[`d${i}Id`] = v;
    } else if (k === "month") out[`d${i}`] = v === null ? null : v.slice(0, 7);
    else out[`d${i}`] = v;
  });
  r.measures.forEach((m, i) => {
    out[`m${i}`] = cell(m, row[`m${i}`]);
  });
  if ("cur" in row) out.currency = (row.cur as string | null) ?? null;
  return out;
}
