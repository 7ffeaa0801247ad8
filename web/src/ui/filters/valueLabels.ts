import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { useTableEnv } from "../table/TableEnv";
import type { ColumnSpec, FieldOption, FieldType } from "../table/types";
import type { Operator } from "./model";

type Part = { type: FieldType; linkEntity?: string; options?: readonly FieldOption[] };
const DATES = new Set<FieldType>(["date", "dateTime"]);

/**
 * The one place a filter value becomes what people read — the builder's value choices (`options`) and the
 * chips of an active filter (`describe`): people by name ("me" for oneself), linked records and stages by
 * name (fetched by id), codes by their labels, dates in the user's locale and zone, yes/no, relative periods,
 * and drill-down conditions whose value is made of parts (`<stage>/<from>/<to>`).
 */
export function useValueLabels() {
  const { t } = useTranslation();
  const env = useTableEnv();
  const format = useFormat(env.timeZone);
  return useMemo(() => {
    const options = (field: ColumnSpec | undefined): FieldOption[] =>
      field?.type === "user"
        ? [
            { value: "me", label: t("filters.me") },
            ...[...env.users.values()].map((u) => ({ value: u.id, label: u.name })),
          ]
        : [...(field?.options ?? [])];

    const one = (part: Part, v: unknown): string => {
      if (typeof v === "boolean") return v ? t("table.yes") : t("table.no");
      const text = v == null ? "" : String(v);
      if (part.type === "user") return text === "me" ? t("filters.me") : (env.users.get(text)?.name ?? "…");
      if (part.type === "link" && part.linkEntity) return env.linkName?.(part.linkEntity, text) || "…";
      if (part.type === "dateTime" && text) return format.dateTime(text);
      if (part.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(text)) return format.date(`${text}T12:00:00Z`);
      return part.options?.find((o) => o.value === text)?.label ?? text;
    };

    /** A `/`-joined value by its parts; two dates at the end read as a range. */
    const parts = (list: readonly Part[], v: unknown): string => {
      const texts = String(v ?? "")
        .split("/")
        .map((x, i) => one(list[i] ?? { type: "text" }, x));
      const [a, b] = list.slice(-2);
      if (texts.length === list.length && a && b && DATES.has(a.type) && DATES.has(b.type))
        texts.splice(-2, 2, `${texts.at(-2)} – ${texts.at(-1)}`);
      return texts.join(", ");
    };

    const value = (field: ColumnSpec | undefined, op: Operator, v: unknown): string => {
      if (Array.isArray(v)) return [...new Set(v.map((x) => value(field, op, x)))].join(", ");
      if (op === "relative") return t(`filters.relative.${String(v)}`);
      if (field?.valueParts) return parts(field.valueParts, v);
      return one({ type: field?.type ?? "text", linkEntity: field?.linkEntity, options: field?.options }, v);
    };

    /** A condition as a sentence: "Stage is Won", "Closed at least 01.11.2026, 00:00", "Passed the stage: Proposal". */
    const describe = (fields: readonly ColumnSpec[], c: { field: string; op: Operator; value?: unknown }) => {
      const field = fields.find((f) => f.key === c.field);
      const label = field?.label ?? c.field;
      if (c.op === "isEmpty" || c.op === "isNotEmpty") return `${label} ${t(`filters.ops.${c.op}`)}`;
      if (field?.conditionOnly) return `${label}: ${value(field, c.op, c.value)}`;
      return `${label} ${t(`filters.ops.${c.op}`)} ${value(field, c.op, c.value)}`;
    };

    return { options, value, describe };
  }, [t, env, format]);
}
