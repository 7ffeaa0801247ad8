/**
 * The analytics widget model as the web sees it (server: `server/src/platform/analytics/widget.ts`): every
 * built-in widget and every report run answers one `WidgetResult`.
 */
export type ColumnType =
  | "string"
  | "number"
  | "money"
  | "percent"
  | "duration"
  | "date"
  | "month"
  | "week"
  | "user"
  | "team"
  | "stage"
  | "pipeline"
  | "enum";

export interface WidgetColumn {
  key: string;
  type: ColumnType;
  /** Already localized (report builder); built-ins leave it out and the web translates the key. */
  label?: string;
  /** Money columns: the row key holding the currency. */
  currencyKey?: string;
  hidden?: boolean;
}

export type ChartType =
  | "bar"
  | "stackedBar"
  | "line"
  | "area"
  | "pie"
  | "donut"
  | "funnel"
  | "table"
  | "number";

export interface ChartHint {
  type: ChartType;
  x?: string;
  y: string[];
  series?: string;
  horizontal?: boolean;
}

export type Cell = string | number | null;
export type WidgetRow = Record<string, Cell>;

export interface WidgetResult {
  columns: WidgetColumn[];
  rows: WidgetRow[];
  chart: ChartHint;
  asOf: string;
  exact: boolean;
  notices?: { code: string; params?: Record<string, string | number> }[];
  labels?: Record<string, Record<string, string>>;
  /** Built-in widgets: per row, the list screen's filter of the records behind it (null: none). */
  drillDown?: WidgetDrill[];
  /**
   * Widgets whose columns count different records (team performance): per column key, the filter of a cell's
   * records, its `{ row: key }` values standing for the row's cells.
   */
  drillColumns?: Record<string, WidgetDrill>;
}

export type WidgetDrill = { entity: string; filter: Record<string, unknown> } | null;
