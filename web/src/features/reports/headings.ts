import type { TFunction } from "i18next";
import type { ColumnSpec } from "../../ui/table/types";
import { type ReportDefinition, TEAM_DIMENSION } from "./types";

/** Column headings of a report's result (`d0`, `d1`, `m0`…) from field labels, in the user's language. */
export function reportHeadings(
  d: ReportDefinition,
  fields: ColumnSpec[],
  t: TFunction,
): Record<string, string> {
  const name = (key: string | undefined) =>
    key === TEAM_DIMENSION ? t("reports.ownerTeam") : (fields.find((f) => f.key === key)?.label ?? key ?? "");
  const out: Record<string, string> = {};
  d.groupBy.forEach((g, i) => {
    out[`d${i}`] = g.bucket ? `${name(g.field)} (${t(`reports.bucket.${g.bucket}`)})` : name(g.field);
  });
  d.measures.forEach((m, i) => {
    out[`m${i}`] = m.field ? `${t(`reports.fn.${m.fn}`)}: ${name(m.field)}` : t(`reports.fn.${m.fn}`);
  });
  return out;
}
