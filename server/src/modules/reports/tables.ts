import type { DB } from "../../platform/db/schema.js";

/** Saved reports: a definition in the report grammar, shared private / team / role / everyone. */
export type ReportsTable = DB["reports"];
/** Dashboards: widgets (saved reports or built-in analytics widgets) with grid positions and sizes. */
export type DashboardsTable = DB["dashboards"];
/** Emailed reports: frequency, hour and zone, recipients (users), PDF or XLSX. */
export type ReportSchedulesTable = DB["report_schedules"];
