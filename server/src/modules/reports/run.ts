import { type Kysely, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { Config } from "../../platform/config/config.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError } from "../../platform/errors.js";
import { getDefaultCurrency } from "../currencies/module.js";
import { filterSpanDays, fitBucket, type Notice } from "./buckets.js";
import { MAX_GROUPS, type ReportDefinition, STATEMENT_TIMEOUT_MS } from "./definition.js";
import { drillFilter } from "./drill.js";
import { dimensionLabels, teamMembers } from "./labels.js";
import { buildReportQuery } from "./query.js";
import { type ResolvedReport, resolveReport } from "./resolve.js";
import { runFromRollup } from "./rollup-plan.js";
import { cell, iso, presentation, shapeRow } from "./shape.js";

export type Cell = string | number | null;

export interface WidgetColumn {
  key: string;
  type: string;
  label?: string;
  currencyKey?: string;
  hidden?: boolean;
}

/**
 * The analytics widget result (see /work/notes/analytics.md §1: columns, rows, chart hint, labels, notices)
 * plus what a report adds: a drill-down filter per row, the previous period of a single number, whether the
 * groups were cut.
 */
export interface ReportResult {
  entity: string;
  columns: WidgetColumn[];
  rows: Record<string, Cell>[];
  chart: { type: string; x?: string; y: string[]; series?: string };
  asOf: string;
  exact: boolean;
  notices: { code: string; params?: Record<string, string | number> }[];
  labels: Record<string, Record<string, string>>;
  /** Parallel to rows: the list-grammar filter selecting the row's records (null when not expressible). */
  drill: (Record<string, unknown> | null)[];
  previous: Record<string, Cell> | null;
  truncated: boolean;
  timeZone: string;
}

export class ReportTimeoutError extends AppError {
  constructor() {
    super(
      422,
      "report_timeout",
      `The report took longer than ${STATEMENT_TIMEOUT_MS / 1000} s. Narrow the filter or group by coarser dates.`,
    );
  }
}

async function timeZoneOf(db: Kysely<DB>, userId: string): Promise<string> {
  const row = await db.selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirst();
  return row?.time_zone ?? "UTC";
}

/** Date buckets too fine for the filter's range are made coarser, with a notice. */
function coarsen(d: ReportDefinition, r: ResolvedReport, notices: Notice[]) {
  for (const dim of r.dimensions) {
    if (!dim.bucket || !dim.field || dim.on !== "base") continue;
    const fitted = fitBucket(dim.bucket, filterSpanDays(d.filter, dim.field.key));
    if (fitted !== dim.bucket) {
      notices.push({
        code: "bucket_coarsened",
        message: `Too many ${dim.bucket} buckets for the period of ${dim.field.key}: grouped by ${fitted}.`,
        field: dim.field.key,
        from: dim.bucket,
        to: fitted,
      });
      dim.bucket = fitted;
    }
  }
}

/** The report statement under the statement timeout (a clear 422 `report_timeout` instead of a hung request). */
async function runStatement(
  db: Kysely<DB>,
  actor: Actor,
  d: ReportDefinition,
  resolved: ResolvedReport,
  timeZone: string,
  workspaceCurrency: string,
): Promise<Record<string, unknown>[]> {
  const q = buildReportQuery(actor, d, resolved, timeZone, workspaceCurrency);
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`select set_config('statement_timeout', ${String(STATEMENT_TIMEOUT_MS)}, true)`.execute(trx);
      return (await q.statement.execute(trx)).rows;
    });
  } catch (err) {
    if ((err as { code?: string }).code === "57014") throw new ReportTimeoutError();
    throw err;
  }
}

/**
 * Runs a report as `actor`: within their read scope, refusing fields their role hides, in their time zone;
 * under a statement timeout (a clear 422 `report_timeout` instead of a hung request). Money measures are in
 * the workspace currency (`query.ts`: each amount at its record's day in the date dimension, else today's rate).
 */
/** The workspace currency report money is converted to. */
export async function workspaceCurrency(db: Kysely<DB>, config: Config): Promise<string> {
  return (await getDefaultCurrency(db, config)).currency;
}

export async function runReport(
  db: Kysely<DB>,
  actor: Actor,
  d: ReportDefinition,
  workspaceCurrency: string,
): Promise<ReportResult> {
  const resolved = await resolveReport(db, actor, d);
  const timeZone = await timeZoneOf(db, actor.userId);
  const notices: Notice[] = [];
  coarsen(d, resolved, notices);
  const fromRollup = await runFromRollup(db, actor, d, resolved, timeZone, workspaceCurrency);
  let raw = fromRollup?.rows ?? (await runStatement(db, actor, d, resolved, timeZone, workspaceCurrency));
  const truncated = raw.length > MAX_GROUPS;
  if (truncated) {
    raw = raw.slice(0, MAX_GROUPS);
    notices.push({
      code: "groups_limited",
      message: `The report has more than ${MAX_GROUPS} groups; the first ${MAX_GROUPS} are shown.`,
      limit: MAX_GROUPS,
    });
  }
  const labels = await Promise.all(
    resolved.dimensions.map((dim, i) =>
      dimensionLabels(db, actor, dim, raw.map((row) => row[`d${i}`] as string).filter(Boolean)),
    ),
  );
  const teamIds = resolved.dimensions.flatMap((dim, i) => (dim.field ? [] : raw.map((row) => row[`d${i}`])));
  const members = await teamMembers(
    db,
    teamIds.filter((v): v is string => typeof v === "string"),
  );
  const shape = presentation(d, resolved);
  const out = raw.map((row) => shapeRow(resolved, shape, row, labels));
  if (resolved.measures.some((m) => m.field?.type === "money") && raw.some((row) => row.cur_mixed)) {
    notices.push({
      code: "mixed_currencies",
      message: "Amounts in different currencies are added up as numbers.",
    });
  }
  const missing = [...new Set(raw.flatMap((row) => (row.cur_missing as string[] | undefined) ?? []))].sort();
  if (missing.length) {
    notices.push({
      code: "missing_rates",
      message: `No exchange rate for ${missing.join(", ")}: those amounts are not in the figures.`,
      currencies: missing.join(", "),
      currency: workspaceCurrency,
    });
  }
  const first = raw[0];
  return {
    entity: d.entity,
    columns: shape.columns,
    rows: out,
    chart: shape.chart,
    asOf: fromRollup?.asOf ?? new Date().toISOString(),
    exact: fromRollup?.exact ?? true,
    notices: notices.map(({ code, message: _m, ...params }) => ({
      code,
      params: params as Record<string, string | number>,
    })),
    labels: shape.labelMaps(labels),
    drill: raw.map((row) => {
      const keys = resolved.dimensions.map((_, i) => iso(row[`d${i}`]));
      const ranges = resolved.dimensions.map((dim, i) =>
        dim.bucket ? { from: iso(row[`d${i}_from`]), to: iso(row[`d${i}_to`]) } : null,
      );
      return drillFilter(d, resolved, keys, ranges, members);
    }),
    previous:
      resolved.compare && first
        ? Object.fromEntries(resolved.measures.map((m, i) => [`m${i}`, cell(m, first[`p${i}`])]))
        : null,
    truncated,
    timeZone,
  };
}
