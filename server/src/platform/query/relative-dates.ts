import { type RawBuilder, type SqlBool, sql } from "kysely";

export const RELATIVE_DATES = [
  "today",
  "yesterday",
  "thisWeek",
  "lastWeek",
  "thisMonth",
  "lastMonth",
  "thisQuarter",
  "thisYear",
  "overdue",
  "next7Days",
  "last7Days",
  "last30Days",
] as const;
export type RelativeDate = (typeof RELATIVE_DATES)[number];

/**
 * `[start, end)` of a relative period as local timestamps (`timestamp without time zone`) in the user's time
 * zone. `next7Days` is today and the 6 days after it, `last7Days`/`last30Days` end with today; weeks start on
 * Monday (ISO).
 */
function localRange(period: Exclude<RelativeDate, "overdue">, local: RawBuilder<unknown>) {
  const day = sql`date_trunc('day', ${local})`;
  const r = (start: RawBuilder<unknown>, end: RawBuilder<unknown>) => ({ start, end });
  switch (period) {
    case "today":
      return r(day, sql`${day} + interval '1 day'`);
    case "yesterday":
      return r(sql`${day} - interval '1 day'`, day);
    case "thisWeek":
      return r(sql`date_trunc('week', ${local})`, sql`date_trunc('week', ${local}) + interval '7 days'`);
    case "lastWeek":
      return r(sql`date_trunc('week', ${local}) - interval '7 days'`, sql`date_trunc('week', ${local})`);
    case "thisMonth":
      return r(sql`date_trunc('month', ${local})`, sql`date_trunc('month', ${local}) + interval '1 month'`);
    case "lastMonth":
      return r(sql`date_trunc('month', ${local}) - interval '1 month'`, sql`date_trunc('month', ${local})`);
    case "thisQuarter":
      return r(
        sql`date_trunc('quarter', ${local})`,
        sql`date_trunc('quarter', ${local}) + interval '3 months'`,
      );
    case "thisYear":
      return r(sql`date_trunc('year', ${local})`, sql`date_trunc('year', ${local}) + interval '1 year'`);
    case "next7Days":
      return r(day, sql`${day} + interval '7 days'`);
    case "last7Days":
      return r(sql`${day} - interval '6 days'`, sql`${day} + interval '1 day'`);
    case "last30Days":
      return r(sql`${day} - interval '29 days'`, sql`${day} + interval '1 day'`);
  }
}

/** A predicate for `expr` (a date or timestamptz) being inside the period, evaluated in `timeZone` (SQL). */
export function relativeDatePredicate(
  expr: RawBuilder<unknown>,
  kind: "date" | "dateTime",
  period: RelativeDate,
  timeZone: RawBuilder<unknown>,
): RawBuilder<SqlBool> {
  const local = sql`(now() at time zone ${timeZone})`;
  if (period === "overdue") {
    return kind === "date" ? sql<SqlBool>`${expr} < (${local})::date` : sql<SqlBool>`${expr} < now()`;
  }
  const { start, end } = localRange(period, local);
  if (kind === "date") return sql<SqlBool>`(${expr} >= (${start})::date and ${expr} < (${end})::date)`;
  return sql<SqlBool>`(${expr} >= ((${start}) at time zone ${timeZone}) and ${expr} < ((${end}) at time zone ${timeZone}))`;
}
