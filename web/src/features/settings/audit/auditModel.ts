import dayjs from "dayjs";
import type { AuditQuery } from "../api";

export interface AuditFilters {
  actorId: string | null;
  action: string;
  entity: string | null;
  from: string;
  to: string;
}

export const EMPTY_FILTERS: AuditFilters = { actorId: null, action: "", entity: null, from: "", to: "" };

/** Filters → query parameters; dates are whole local days (from start of `from` to end of `to`). */
export function auditQuery(filters: AuditFilters, cursor?: string): AuditQuery {
  return {
    limit: 50,
    ...(cursor ? { cursor } : {}),
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
    ...(filters.entity ? { entity: filters.entity } : {}),
    ...(filters.from ? { from: dayjs(filters.from).startOf("day").toISOString() } : {}),
    ...(filters.to ? { to: dayjs(filters.to).endOf("day").toISOString() } : {}),
  };
}

/** A before/after value as short readable text. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export function changeList(changes: Record<string, unknown> | null): FieldChange[] {
  if (!changes) return [];
  return Object.entries(changes).map(([field, value]) => {
    const pair = (typeof value === "object" && value !== null ? value : {}) as {
      before?: unknown;
      after?: unknown;
    };
    return { field, before: pair.before, after: pair.after };
  });
}
