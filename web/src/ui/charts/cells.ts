import type { TFunction } from "i18next";
import { formatDate, formatMoney, formatMonthYear, formatNumber } from "../../i18n/format";
import type { Cell, WidgetColumn, WidgetResult, WidgetRow } from "./types";

/** Turns cells into the text a user reads: locale numbers, money with its currency, month names, names of ids. */
export interface CellFormatter {
  columnLabel(column: WidgetColumn): string;
  text(column: WidgetColumn, row: WidgetRow): string;
  /** The number a chart plots for a measure cell (money and decimals arrive as strings). */
  value(cell: Cell): number;
  /** A value-axis tick of a measure column: locale digits, durations in days/hours/minutes. */
  axis(column: WidgetColumn, value: number): string;
}

const ID_TYPES = new Set(["user", "team", "stage", "pipeline"]);

export function durationText(seconds: number, t: TFunction, language: string): string {
  const one = (n: number) => formatNumber(n, language, { maximumFractionDigits: 1 });
  if (seconds >= 86_400) return t("analytics.duration.days", { value: one(seconds / 86_400) });
  if (seconds >= 3_600) return t("analytics.duration.hours", { value: one(seconds / 3_600) });
  return t("analytics.duration.minutes", { value: one(seconds / 60) });
}

export function cellFormatter(result: WidgetResult, t: TFunction, language: string): CellFormatter {
  const labels = result.labels ?? {};
  return {
    columnLabel: (column) =>
      column.label ?? t(`analytics.columns.${column.key}`, { defaultValue: column.key }),
    value: (cell) => (cell === null ? 0 : typeof cell === "number" ? cell : Number(cell)),
    axis: (column, value) =>
      column.type === "duration"
        ? durationText(value, t, language)
        : formatNumber(value, language, { maximumFractionDigits: 1 }),
    text(column, row) {
      const cell = row[column.key];
      if (cell === null || cell === undefined || cell === "") {
        // An enum's empty value may have its own words (no source; deal size's row of every currency).
        if (column.type === "enum")
          return t(`analytics.values.${column.key}.none`, { defaultValue: t("analytics.none") });
        return ID_TYPES.has(column.type) ? t("analytics.none") : "—";
      }
      switch (column.type) {
        case "money": {
          const currency = column.currencyKey ? row[column.currencyKey] : null;
          return typeof currency === "string"
            ? formatMoney(String(cell), currency, language)
            : formatNumber(cell, language, { maximumFractionDigits: 2 });
        }
        case "number":
          return formatNumber(cell, language, { maximumFractionDigits: 2 });
        case "percent":
          return `${formatNumber(cell, language, { maximumFractionDigits: 1 })}\u00a0%`;
        case "duration":
          return durationText(Number(cell), t, language);
        case "date":
        case "week":
          return formatDate(String(cell), language);
        case "month":
          return formatMonthYear(`${cell}-01`, language);
        case "enum":
          return t(`analytics.values.${column.key}.${cell}`, { defaultValue: String(cell) });
        default:
          if (ID_TYPES.has(column.type)) return labels[column.type]?.[String(cell)] ?? String(cell);
          return String(cell);
      }
    },
  };
}

/** A stable React key for a grouped row (its cells; grouped rows are unique). */
export const rowKey = (row: WidgetRow) => Object.values(row).join("\u0001");
