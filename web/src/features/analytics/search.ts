/** The dashboard filters kept in the URL (`/analytics/sales?from=…&to=…&teamId=…`), so a view can be shared. */
export interface AnalyticsSearch {
  from?: string;
  to?: string;
  pipelineId?: string;
  teamId?: string;
  userId?: string;
  bucket?: "day" | "week" | "month";
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateAnalyticsSearch(search: Record<string, unknown>): AnalyticsSearch {
  const out: AnalyticsSearch = {};
  const text = (k: string) => (typeof search[k] === "string" ? (search[k] as string) : undefined);
  const from = text("from");
  const to = text("to");
  if (from && DATE.test(from)) out.from = from;
  if (to && DATE.test(to)) out.to = to;
  for (const k of ["pipelineId", "teamId", "userId"] as const) {
    const v = text(k);
    if (v && UUID.test(v)) out[k] = v;
  }
  const bucket = text("bucket");
  if (bucket === "day" || bucket === "week" || bucket === "month") out.bucket = bucket;
  return out;
}

export const DASHBOARDS = ["sales", "team", "activity", "channels"] as const;
export type Dashboard = (typeof DASHBOARDS)[number];
export const isDashboard = (v: string): v is Dashboard => (DASHBOARDS as readonly string[]).includes(v);
