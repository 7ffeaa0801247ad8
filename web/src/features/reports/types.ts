import type { ChartType } from "../../ui/charts/types";
import type { WidgetResult } from "../analytics";

/** The report grammar (server: modules/reports/definition.ts). */
export type DateBucket = "day" | "week" | "month" | "quarter" | "year";
export type MeasureFn = "count" | "sum" | "avg" | "min" | "max" | "countDistinct" | "median";
/** The widget charts plus the report builder's pivot table. */
export type ReportChart = ChartType | "pivot";
export const CHARTS: ReportChart[] = [
  "bar",
  "stackedBar",
  "line",
  "area",
  "pie",
  "donut",
  "funnel",
  "table",
  "pivot",
  "number",
];
export const FNS: MeasureFn[] = ["count", "sum", "avg", "min", "max", "countDistinct", "median"];
export const BUCKETS: DateBucket[] = ["day", "week", "month", "quarter", "year"];
export const TEAM_DIMENSION = "ownerTeam";

export interface Dimension {
  field: string;
  bucket?: DateBucket;
}
export interface Measure {
  fn: MeasureFn;
  field?: string;
}
export interface ReportDefinition {
  entity: string;
  filter?: Record<string, unknown> | null;
  groupBy: Dimension[];
  measures: Measure[];
  chart: ReportChart;
  compare?: { field: string; period: DateBucket } | null;
}

export type Visibility = "private" | "team" | "role" | "everyone";
export interface Share {
  visibility: Visibility;
  teamId?: string | null;
  roleId?: string | null;
}

export interface Report extends Required<Pick<Share, "visibility">> {
  id: string;
  name: string;
  description: string;
  definition: ReportDefinition;
  ownerId: string;
  ownerName: string;
  teamId: string | null;
  roleId: string | null;
  mine: boolean;
}

export interface ReportResult extends WidgetResult {
  entity: string;
  drill: (Record<string, unknown> | null)[];
  previous: Record<string, string | number | null> | null;
  truncated: boolean;
  timeZone: string;
}

export interface Widget {
  id: string;
  kind: "report" | "builtin";
  reportId?: string;
  builtin?: string;
  title?: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Dashboard {
  id: string;
  name: string;
  widgets: (Widget & { hidden: boolean; report: Report | null })[];
  ownerName: string;
  visibility: Visibility;
  teamId: string | null;
  roleId: string | null;
  mine: boolean;
}

export interface Schedule {
  id: string;
  reportId: string | null;
  dashboardId: string | null;
  frequency: "daily" | "weekly" | "monthly";
  dayOfWeek: number | null;
  dayOfMonth: number | null;
  hour: number;
  timeZone: string;
  format: "pdf" | "xlsx";
  recipients: string[];
  active: boolean;
  pausedReason: string | null;
  nextRunAt: string;
}
