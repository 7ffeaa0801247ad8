import type { Kysely, RawBuilder, SqlBool } from "kysely";
import { z } from "zod";
import type { Actor } from "../access/actor.js";
import type { DB } from "../db/schema.js";

/**
 * The analytics widget model: every built-in dashboard widget and every report run answers one `WidgetResult`
 * — columns, rows, a chart hint and how fresh the figures are — so the web draws any of them with one chart
 * component and one table. Rows keep ids (users, teams, stages) for drill-down; `labels` names them.
 */
export const COLUMN_TYPES = [
  "string",
  "number",
  "money",
  "percent",
  "duration",
  "date",
  "month",
  "week",
  "user",
  "team",
  "stage",
  "pipeline",
  "enum",
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const widgetColumn = z.object({
  key: z.string(),
  type: z.enum(COLUMN_TYPES),
  label: z
    .string()
    .optional()
    .describe("Localized label; built-in widgets leave it out (the web translates key)"),
  currencyKey: z.string().optional().describe("For money columns: the row key holding the ISO currency"),
  hidden: z.boolean().optional().describe("Carried in rows (ids for drill-down) but not shown"),
});
export type WidgetColumn = z.infer<typeof widgetColumn>;

export const CHART_TYPES = [
  "bar",
  "stackedBar",
  "line",
  "area",
  "pie",
  "donut",
  "funnel",
  "table",
  "number",
] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export const chartHint = z.object({
  type: z.enum(CHART_TYPES),
  x: z.string().optional().describe("Column key of the category axis (pie: slice names)"),
  y: z.array(z.string()).describe("Measure column keys"),
  series: z.string().optional().describe("Column key whose values split the series (currency, channel)"),
  horizontal: z.boolean().optional(),
});
export type ChartHint = z.infer<typeof chartHint>;

export const cell = z.union([z.string(), z.number(), z.null()]);
export type Cell = z.infer<typeof cell>;

export const widgetNotice = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type WidgetNotice = z.infer<typeof widgetNotice>;

/** The records behind one row: the entity's list screen with this filter (in the list grammar). */
export const widgetDrill = z
  .object({ entity: z.string(), filter: z.record(z.string(), z.unknown()) })
  .nullable();
export type WidgetDrill = z.infer<typeof widgetDrill>;

export const widgetResult = z.object({
  columns: z.array(widgetColumn),
  rows: z.array(z.record(z.string(), cell)),
  chart: chartHint,
  asOf: z.string().describe("The time the figures are true as of (ISO)"),
  exact: z.boolean().describe("False when served from a cache or rollup that may lag the data"),
  notices: z.array(widgetNotice).default([]),
  labels: z
    .record(z.string(), z.record(z.string(), z.string()))
    .default({})
    .describe("Names of ids per column type: labels.user[id] = name"),
  drillDown: z
    .array(widgetDrill)
    .optional()
    .describe(
      "Per row (same order): the list filter of the records behind it; null where the list cannot say",
    ),
  drillColumns: z
    .record(z.string(), widgetDrill)
    .optional()
    .describe(
      'Per column key, for widgets whose columns count different records (team performance): the list filter of a cell\'s records, the same for every row except condition values `{"row": key}`, which stand for the row\'s value of column `key` (a condition whose row value is null or empty becomes `{field, op: "isEmpty"}`). A column without one, or a row without that column\'s cell, has no drill-down',
    ),
});
export type WidgetResult = z.infer<typeof widgetResult>;

/** The value of a `drillColumns` condition that stands for the row's cell of column `row`. */
export const rowValue = (column: string) => ({ row: column });

/**
 * The drill of a row's cell of column `key` from `drillColumns`: each `{row: k}` value replaced by the row's cell,
 * a condition whose cell is null or empty by `isEmpty`; none where the row has no such cell (a second currency's
 * revenue row). The web does the same (`features/analytics/drill.ts`).
 */
export function cellDrill(
  columns: Record<string, WidgetDrill> | undefined,
  row: Record<string, Cell>,
  key: string,
): WidgetDrill {
  const column = columns?.[key];
  if (!column || !(key in row)) return null;
  const fill = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fill);
    if (!node || typeof node !== "object") return node;
    const { value, ...rest } = node as Record<string, unknown>;
    const from = value && typeof value === "object" ? (value as { row?: unknown }).row : undefined;
    if (typeof from !== "string")
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    const cell = row[from] ?? null;
    return cell === null || cell === "" ? { field: rest.field, op: "isEmpty" } : { ...rest, value: cell };
  };
  return { entity: column.entity, filter: fill(column.filter) as Record<string, unknown> };
}

/** A period, time zone and owner filter a communication source answers for. */
export interface CommunicationQuery {
  from: Date;
  to: Date;
  timeZone: string;
  bucket: "day" | "week" | "month";
  actor: Actor;
  /** The owner filter from the dashboard (team / person), applied to the source's owner column. */
  owners: (ownerColumn: string) => RawBuilder<SqlBool>;
}

/** One row of communications: a bucket start date (YYYY-MM-DD), channel, owner, direction and a count. */
export interface CommunicationRow {
  bucket: string;
  channel: string;
  owner_id: string;
  direction: "inbound" | "outbound" | "internal" | "external";
  count: number;
}

/**
 * A channel of communications for activity monitoring (calls, e-mail, SMS, meetings, later messengers). The
 * source applies the actor's read scope of its own entity (`ownerScope`) and the owner filter.
 */
export interface CommunicationSource {
  /** The channels its rows name (`call`, `email`, `telegram`…); the web translates `analytics.values.channel.*`. */
  channels: readonly string[];
  /** The entity whose read scope and hidden fields govern the figures. */
  entity: string;
  query(db: Kysely<DB>, q: CommunicationQuery): Promise<CommunicationRow[]>;
  /**
   * The drill-down of one of its rows: list conditions (the list grammar) selecting the records of `entity` a
   * row of this channel and direction counts in the period; the dashboard's person or team and a team row are
   * added as `ownerId` conditions, and the list applies the viewer's read scope. null: the list cannot say.
   */
  drill?(
    row: { channel: string; direction: CommunicationRow["direction"] },
    period: { from: Date; to: Date },
  ): Record<string, unknown>[] | null;
}

/** A built-in widget a module offers on a dashboard (its route lives in the module). */
export interface WidgetDefinition {
  id: string;
  dashboard: string;
  path: string;
  chart: ChartHint;
  /** Fields the widget's measures and dimensions read: hidden for the viewer ⇒ the widget is unavailable. */
  fields: ReadonlyArray<{ entity: string; field: string }>;
  /** Entities whose read scope the figures need (none at all ⇒ unavailable). */
  entities: readonly string[];
}

/** What a module contributes to analytics (`AppModule.analytics`). */
export interface AnalyticsContribution {
  widgets?: readonly WidgetDefinition[];
  communicationChannels?: readonly CommunicationSource[];
}
