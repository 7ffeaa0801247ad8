import { Group, Input, NumberInput, Select, Stack, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ValueInput } from "../../ui/filters/ValueInput";
import type { ColumnSpec } from "../../ui/table/types";
import { TRIGGER_KINDS, type Trigger } from "./api";

/** Field types whose "from → to" values can be compared exactly (a rich text or a list of tags cannot). */
const COMPARABLE = new Set([
  "text",
  "number",
  "money",
  "date",
  "boolean",
  "select",
  "email",
  "phone",
  "url",
  "user",
  "link",
]);

/** A typed value as the change event carries it: numbers as numbers, cleared inputs as "no value given". */
function eventValue(field: ColumnSpec, v: unknown): unknown {
  if (v === null || v === undefined || v === "") return undefined;
  if (field.type === "number" && typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)))
    return Number(v);
  return v;
}

export function TriggerPicker({
  value,
  onChange,
  stages,
  fields,
  kinds = TRIGGER_KINDS,
}: {
  value: Trigger;
  onChange: (t: Trigger) => void;
  stages: { value: string; label: string }[];
  fields: ColumnSpec[];
  /** The kinds the modules offer for the rule's entity (the server's catalog); all known ones while it loads. */
  kinds?: readonly string[];
}) {
  const { t } = useTranslation();
  const v = value as Record<string, unknown>;
  const patch = (p: Record<string, unknown>) => onChange({ ...value, ...p } as Trigger);
  const initial = (kind: string): Trigger => {
    switch (kind) {
      case "fieldChanged":
        return { kind, field: "" } as Trigger;
      case "dateRelative":
        return { kind, field: "", offset: { amount: 1, unit: "days", direction: "before" } } as Trigger;
      case "anniversary":
        return { kind, field: "birthday", hour: 9 } as Trigger;
      case "schedule":
        return {
          kind,
          cron: "0 9 * * 1",
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        } as Trigger;
      case "inboundWebhook":
        return { kind, verify: "hmac", variables: {} } as Trigger;
      default:
        return { kind } as Trigger;
    }
  };
  return (
    <Stack gap={6}>
      <Select
        label={t("automations.trigger")}
        data={(kinds.includes(value.kind) ? kinds : [value.kind, ...kinds]).map((k) => ({
          value: k,
          label: t(`automations.triggers.${k}`, { defaultValue: k }),
        }))}
        value={value.kind}
        allowDeselect={false}
        onChange={(kind) => kind && onChange(initial(kind))}
        data-testid="trigger-kind"
      />
      {(value.kind === "stageEntered" || value.kind === "stageLeft") && (
        <Select
          label={t("automations.stage")}
          data={stages}
          value={(v.stageId as string) ?? null}
          clearable
          onChange={(stageId) => onChange({ kind: value.kind, ...(stageId ? { stageId } : {}) } as Trigger)}
          data-testid="trigger-stage"
        />
      )}
      {value.kind === "fieldChanged" && (
        <FieldChange
          value={v}
          onChange={(p) => onChange({ kind: "fieldChanged", ...p } as Trigger)}
          fields={fields}
        />
      )}
      {(value.kind === "dateRelative" || value.kind === "anniversary") && (
        <DateFieldSelect
          fields={fields}
          dateOnly={value.kind === "anniversary"}
          value={String(v.field ?? "")}
          onChange={(field) => patch({ field })}
        />
      )}
      {value.kind === "dateRelative" && (
        <Group grow>
          <NumberInput
            label={t("automations.offset")}
            min={0}
            value={(v.offset as { amount: number }).amount}
            onChange={(amount) => patch({ offset: { ...(v.offset as object), amount: Number(amount) || 0 } })}
          />
          <Select
            aria-label={t("automations.unit")}
            data={["minutes", "hours", "days"].map((u) => ({ value: u, label: t(`automations.units.${u}`) }))}
            value={(v.offset as { unit: string }).unit}
            onChange={(unit) => patch({ offset: { ...(v.offset as object), unit } })}
          />
          <Select
            aria-label={t("automations.direction")}
            data={["before", "after"].map((d) => ({ value: d, label: t(`automations.directions.${d}`) }))}
            value={(v.offset as { direction: string }).direction}
            onChange={(direction) => patch({ offset: { ...(v.offset as object), direction } })}
          />
        </Group>
      )}
      {value.kind === "schedule" && (
        <Group grow>
          <TextInput
            label={t("automations.cron")}
            value={String(v.cron)}
            onChange={(e) => patch({ cron: e.currentTarget.value })}
          />
          <TextInput
            label={t("automations.timeZone")}
            value={String(v.timeZone)}
            onChange={(e) => patch({ timeZone: e.currentTarget.value })}
          />
        </Group>
      )}
    </Stack>
  );
}

/** "A field changed", optionally from one value to another, each typed as the field is (options, dates…). */
function FieldChange({
  value,
  onChange,
  fields,
}: {
  value: Record<string, unknown>;
  onChange: (v: { field: string; from?: unknown; to?: unknown }) => void;
  fields: ColumnSpec[];
}) {
  const { t } = useTranslation();
  const key = String(value.field ?? "");
  const field = fields.find((f) => f.key === key);
  const base = { field: key, from: value.from, to: value.to };
  const withValue = (which: "from" | "to", v: unknown) => {
    const next = { ...base, [which]: field ? eventValue(field, v) : undefined };
    if (next.from === undefined) delete next.from;
    if (next.to === undefined) delete next.to;
    onChange(next);
  };
  return (
    <Stack gap={6}>
      <Select
        label={t("automations.field")}
        data={fields.map((f) => ({ value: f.key, label: f.label }))}
        searchable
        value={key || null}
        allowDeselect={false}
        onChange={(k) => onChange({ field: k ?? "" })}
        data-testid="trigger-field"
      />
      {field && COMPARABLE.has(field.type) && (
        <Group grow align="flex-start">
          {(["from", "to"] as const).map((which) => (
            <Input.Wrapper
              key={which}
              label={t(`automations.change.${which}`)}
              description={t("automations.change.any")}
            >
              <div data-testid={`trigger-${which}`}>
                <ValueInput
                  field={field}
                  op="eq"
                  value={
                    base[which] === undefined
                      ? null
                      : field.type === "number"
                        ? String(base[which])
                        : base[which]
                  }
                  onChange={(v) => withValue(which, v)}
                />
              </div>
            </Input.Wrapper>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/** Picks one of the record's date fields (birthday, expected close date, a custom date…), by its label. */
export function DateFieldSelect({
  fields,
  value,
  onChange,
  dateOnly,
}: {
  fields: ColumnSpec[];
  value: string;
  onChange: (key: string) => void;
  /** Anniversaries need a calendar date, not a moment. */
  dateOnly?: boolean;
}) {
  const { t } = useTranslation();
  const dates = fields.filter((f) => f.type === "date" || (!dateOnly && f.type === "dateTime"));
  return (
    <Select
      label={t("automations.dateField")}
      data={dates.map((f) => ({ value: f.key, label: f.label }))}
      placeholder={dates.length === 0 ? t("automations.noDateFields") : undefined}
      searchable
      value={value || null}
      allowDeselect={false}
      onChange={(key) => onChange(key ?? "")}
      data-testid="date-field"
    />
  );
}
