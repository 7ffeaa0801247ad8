import { Group, Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { DateField } from "../../ui/dates/DateField";
import { useProfileTimeZone } from "../../ui/dates/useProfileTimeZone";
import { usePipelines, useUsers } from "../records";
import { PRESETS, type Preset, presetRange } from "./presets";
import type { AnalyticsSearch } from "./search";

const teamsQuery = {
  queryKey: ["analytics", "teams"],
  queryFn: async () => (await unwrap(api.GET("/api/v1/teams"))).items,
  staleTime: 5 * 60_000,
};

export interface AnalyticsFiltersProps {
  value: AnalyticsSearch;
  onChange: (next: AnalyticsSearch) => void;
  withBucket?: boolean;
}

/** Period (preset or dates), pipeline, team and person — the filters every dashboard shares. */
export function AnalyticsFilters({ value, onChange, withBucket }: AnalyticsFiltersProps) {
  const { t } = useTranslation();
  const timeZone = useProfileTimeZone();
  const pipelines = usePipelines();
  const { active } = useUsers();
  const teams = useQuery(teamsQuery);
  const set = (patch: Partial<AnalyticsSearch>) => {
    const next = { ...value, ...patch };
    for (const k of Object.keys(next) as (keyof AnalyticsSearch)[]) if (!next[k]) delete next[k];
    onChange(next);
  };
  const preset = PRESETS.find((p) => {
    const r = presetRange(p, timeZone);
    return r.from === value.from && r.to === value.to;
  });
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="analytics-filters">
      <Select
        label={t("analytics.filters.preset")}
        w={170}
        value={preset ?? (value.from || value.to ? null : "last90")}
        onChange={(p) => p && set(presetRange(p as Preset, timeZone))}
        data={PRESETS.map((p) => ({ value: p, label: t(`analytics.filters.${p}`) }))}
        allowDeselect={false}
      />
      <DateField
        label={t("analytics.filters.from")}
        value={value.from}
        onChange={(v) => set({ from: v ?? undefined })}
      />
      <DateField
        label={t("analytics.filters.to")}
        value={value.to}
        onChange={(v) => set({ to: v ?? undefined })}
      />
      <Select
        label={t("analytics.filters.pipeline")}
        w={180}
        clearable
        placeholder={t("analytics.filters.allPipelines")}
        value={value.pipelineId ?? null}
        onChange={(v) => set({ pipelineId: v ?? undefined })}
        data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
      />
      <Select
        label={t("analytics.filters.team")}
        w={180}
        clearable
        placeholder={t("analytics.filters.allTeams")}
        value={value.teamId ?? null}
        onChange={(v) => set({ teamId: v ?? undefined })}
        data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
      />
      <Select
        label={t("analytics.filters.person")}
        w={200}
        clearable
        searchable
        placeholder={t("analytics.filters.everyone")}
        value={value.userId ?? null}
        onChange={(v) => set({ userId: v ?? undefined })}
        data={active.map((u) => ({ value: u.id, label: u.name }))}
      />
      {withBucket && (
        <Select
          label={t("analytics.filters.bucket")}
          w={120}
          clearable
          value={value.bucket ?? null}
          onChange={(v) => set({ bucket: (v as AnalyticsSearch["bucket"]) ?? undefined })}
          data={(["day", "week", "month"] as const).map((b) => ({
            value: b,
            label: t(`analytics.filters.${b}`),
          }))}
        />
      )}
    </Group>
  );
}
