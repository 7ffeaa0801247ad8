import { requestJson } from "../../api/client";
import type { Dashboard, Report, ReportDefinition, ReportResult, Schedule, Share, Widget } from "./types";

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  ...(body !== undefined
    ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }
    : {}),
});

export const reportsKey = ["reports"] as const;
export const dashboardsKey = ["dashboards"] as const;

export const fetchReports = async () => ((await requestJson("/api/v1/reports")) as { items: Report[] }).items;
export const fetchReport = async (id: string) => (await requestJson(`/api/v1/reports/${id}`)) as Report;
export const runDefinition = async (definition: ReportDefinition) =>
  (await requestJson("/api/v1/reports/run", json("POST", { definition }))) as ReportResult;
export const createReport = async (body: { name: string; definition: ReportDefinition } & Share) =>
  (await requestJson("/api/v1/reports", json("POST", body))) as Report;
export const updateReport = async (
  id: string,
  body: Partial<{ name: string; definition: ReportDefinition } & Share>,
) => (await requestJson(`/api/v1/reports/${id}`, json("PATCH", body))) as Report;
export const duplicateReport = async (id: string) =>
  (await requestJson(`/api/v1/reports/${id}/duplicate`, json("POST", {}))) as Report;
export const deleteReport = (id: string) => requestJson(`/api/v1/reports/${id}`, json("DELETE"));
export const exportUrl = (id: string, format: "csv" | "xlsx" | "pdf") =>
  `/api/v1/reports/${id}/export?format=${format}`;

export const fetchDashboards = async () =>
  ((await requestJson("/api/v1/dashboards")) as { items: Dashboard[] }).items;
export const fetchDashboard = async (id: string) =>
  (await requestJson(`/api/v1/dashboards/${id}`)) as Dashboard;
export const createDashboard = async (body: { name: string; widgets: Widget[] } & Share) =>
  (await requestJson("/api/v1/dashboards", json("POST", body))) as Dashboard;
export const updateDashboard = async (
  id: string,
  body: Partial<{ name: string; widgets: Widget[] } & Share>,
) => (await requestJson(`/api/v1/dashboards/${id}`, json("PATCH", body))) as Dashboard;
export const deleteDashboard = (id: string) => requestJson(`/api/v1/dashboards/${id}`, json("DELETE"));
export const runWidget = async (dashboardId: string, widgetId: string) =>
  (await requestJson(`/api/v1/dashboards/${dashboardId}/widgets/${widgetId}/run`)) as ReportResult;
export const dashboardPdfUrl = (id: string) => `/api/v1/dashboards/${id}/export?format=pdf`;

export const fetchSchedules = async (reportId?: string) =>
  (
    (await requestJson(`/api/v1/report-schedules${reportId ? `?reportId=${reportId}` : ""}`)) as {
      items: Schedule[];
    }
  ).items;
export const createSchedule = async (
  body: Omit<Schedule, "id" | "active" | "pausedReason" | "nextRunAt" | "dashboardId" | "timeZone"> & {
    timeZone?: string;
  },
) => (await requestJson("/api/v1/report-schedules", json("POST", body))) as Schedule;
export const deleteSchedule = (id: string) => requestJson(`/api/v1/report-schedules/${id}`, json("DELETE"));

/** The list screen of the entity with the drilled filter (the list reads `?filter=` on open). */
export const drillHref = (entity: string, filter: Record<string, unknown>) =>
  `/${encodeURIComponent(entity)}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
