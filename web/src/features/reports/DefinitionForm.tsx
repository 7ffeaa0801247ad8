import { ActionIcon, Button, Group, Select, Stack, Text } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { FilterBuilder } from "../../ui/filters/FilterBuilder";
import type { BuilderGroup } from "../../ui/filters/model";
import type { ColumnSpec } from "../../ui/table/types";
import { useEntities, useEntityLabel } from "../records";
import { BUCKETS, CHARTS, FNS, type ReportDefinition, TEAM_DIMENSION } from "./types";

interface Props {
  value: ReportDefinition;
  onChange: (next: ReportDefinition) => void;
  fields: ColumnSpec[];
  filter: BuilderGroup;
  onFilter: (next: BuilderGroup) => void;
}

const DATE = new Set(["date", "dateTime"]);
const NUMERIC = new Set(["number", "money"]);
const GROUPABLE = (f: ColumnSpec) => !["longText", "tags", "multiSelect"].includes(f.type);

/** Entity, filters (the list's filter builder), up to two group-bys, measures and the chart type. */
export function DefinitionForm({ value, onChange, fields, filter, onFilter }: Props) {
  const { t } = useTranslation();
  const entities = useEntities();
  const label = useEntityLabel();
  const set = (patch: Partial<ReportDefinition>) => onChange({ ...value, ...patch });
  const dimensionOptions = [
    ...fields.filter(GROUPABLE).map((f) => ({ value: f.key, label: f.label })),
    { value: TEAM_DIMENSION, label: t("reports.ownerTeam") },
  ];
  const typeOf = (key: string | undefined) => fields.find((f) => f.key === key)?.type ?? "";
  return (
    <Stack gap="sm">
      <Select
        label={t("reports.entity")}
        data={entities.map((e) => ({ value: e.name, label: label(e) }))}
        value={value.entity}
        allowDeselect={false}
        onChange={(entity) =>
          entity && onChange({ ...value, entity, filter: null, groupBy: [], measures: [{ fn: "count" }] })
        }
        data-testid="report-entity"
      />
      <Text fw={600} fz="sm">
        {t("reports.filters")}
      </Text>
      <FilterBuilder fields={fields} value={filter} onChange={onFilter} />
      <Text fw={600} fz="sm">
        {t("reports.groupBy")}
      </Text>
      {value.groupBy.map((g, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a grouping is its position (first, second)
        <Group key={`g${i}`} gap="xs" wrap="nowrap">
          <Select
            aria-label={t("reports.groupBy")}
            data={dimensionOptions}
            value={g.field}
            searchable
            onChange={(field) => {
              if (!field) return;
              const groupBy = [...value.groupBy];
              groupBy[i] = DATE.has(typeOf(field)) ? { field, bucket: "month" } : { field };
              set({ groupBy });
            }}
            data-testid={`report-group-${i}`}
          />
          {DATE.has(typeOf(g.field)) && (
            <Select
              aria-label={t("reports.bucketLabel")}
              data={BUCKETS.map((b) => ({ value: b, label: t(`reports.bucket.${b}`) }))}
              value={g.bucket ?? "month"}
              allowDeselect={false}
              onChange={(bucket) => {
                const groupBy = [...value.groupBy];
                groupBy[i] = { field: g.field, bucket: (bucket ?? "month") as typeof g.bucket };
                set({ groupBy });
              }}
              w={140}
              data-testid={`report-bucket-${i}`}
            />
          )}
          <ActionIcon
            variant="subtle"
            aria-label={t("reports.remove")}
            onClick={() => set({ groupBy: value.groupBy.filter((_, k) => k !== i) })}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {value.groupBy.length < 2 && value.chart !== "number" && (
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => set({ groupBy: [...value.groupBy, { field: "ownerId" }] })}
          data-testid="report-add-group"
        >
          {t("reports.addGroup")}
        </Button>
      )}
      <Text fw={600} fz="sm">
        {t("reports.measures")}
      </Text>
      {value.measures.map((m, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a measure is its position (the result's m0, m1…)
        <Group key={`m${i}`} gap="xs" wrap="nowrap">
          <Select
            aria-label={t("reports.measureLabel")}
            data={FNS.map((fn) => ({ value: fn, label: t(`reports.fn.${fn}`) }))}
            value={m.fn}
            allowDeselect={false}
            onChange={(fn) => {
              const measures = [...value.measures];
              measures[i] = fn === "count" ? { fn } : { fn: fn as typeof m.fn, field: m.field };
              set({ measures });
            }}
            w={150}
            data-testid={`report-fn-${i}`}
          />
          {m.fn !== "count" && (
            <Select
              aria-label={t("reports.field")}
              data={fields
                .filter((f) =>
                  m.fn === "countDistinct"
                    ? GROUPABLE(f)
                    : m.fn === "min" || m.fn === "max"
                      ? NUMERIC.has(f.type) || DATE.has(f.type)
                      : NUMERIC.has(f.type),
                )
                .map((f) => ({ value: f.key, label: f.label }))}
              value={m.field ?? null}
              onChange={(field) => {
                const measures = [...value.measures];
                measures[i] = { fn: m.fn, field: field ?? undefined };
                set({ measures });
              }}
              data-testid={`report-field-${i}`}
            />
          )}
          {value.measures.length > 1 && (
            <ActionIcon
              variant="subtle"
              aria-label={t("reports.remove")}
              onClick={() => set({ measures: value.measures.filter((_, k) => k !== i) })}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {value.measures.length < 5 && (
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => set({ measures: [...value.measures, { fn: "count" }] })}
        >
          {t("reports.addMeasure")}
        </Button>
      )}
      <Select
        label={t("reports.chart")}
        data={CHARTS.map((c) => ({ value: c, label: t(`reports.charts.${c}`) }))}
        value={value.chart}
        allowDeselect={false}
        onChange={(chart) =>
          chart &&
          set(
            chart === "number"
              ? {
                  chart,
                  groupBy: [],
                  compare: {
                    field: fields.find((f) => f.key === "createdAt") ? "createdAt" : "",
                    period: "month",
                  },
                }
              : { chart: chart as ReportDefinition["chart"], compare: null },
          )
        }
        data-testid="report-chart"
      />
    </Stack>
  );
}
