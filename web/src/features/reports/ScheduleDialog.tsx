import { Button, Group, Modal, NumberInput, Select, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n/format";
import { problemMessage } from "../../ui/problemMessages";
import { meQueryOptions } from "../auth";
import { createSchedule, deleteSchedule, fetchSchedules } from "./api";
import type { Schedule } from "./types";

/** Email this report daily, weekly or monthly (to the user, as PDF or XLSX, in their time zone). */
export function ScheduleDialog({ reportId }: { reportId: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const me = useQuery(meQueryOptions);
  const qc = useQueryClient();
  const key = ["report-schedules", reportId];
  const schedules = useQuery({ queryKey: key, queryFn: () => fetchSchedules(reportId), enabled: open });
  const [frequency, setFrequency] = useState<Schedule["frequency"]>("weekly");
  const [dayOfWeek, setDayOfWeek] = useState(1);
  const [dayOfMonth, setDayOfMonth] = useState(1);
  const [hour, setHour] = useState(8);
  const [format, setFormat] = useState<Schedule["format"]>("pdf");
  const create = useMutation({
    mutationFn: () =>
      createSchedule({
        reportId,
        frequency,
        dayOfWeek: frequency === "weekly" ? dayOfWeek : null,
        dayOfMonth: frequency === "monthly" ? dayOfMonth : null,
        hour,
        format,
        recipients: me.data ? [me.data.id] : [],
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const remove = useMutation({
    mutationFn: deleteSchedule,
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const language = i18n.resolvedLanguage ?? i18n.language;
  return (
    <>
      <Button variant="default" size="xs" onClick={() => setOpen(true)} data-testid="report-schedule">
        {t("reports.schedule.open")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("reports.schedule.title")}>
        <Stack gap="sm">
          <Select
            label={t("reports.schedule.frequency")}
            data={(["daily", "weekly", "monthly"] as const).map((f) => ({
              value: f,
              label: t(`reports.schedule.${f}`),
            }))}
            value={frequency}
            allowDeselect={false}
            onChange={(v) => v && setFrequency(v as Schedule["frequency"])}
            data-testid="schedule-frequency"
          />
          {frequency === "weekly" && (
            <Select
              label={t("reports.schedule.dayOfWeek")}
              data={[1, 2, 3, 4, 5, 6, 7].map((d) => ({
                value: String(d),
                label: new Intl.DateTimeFormat(language, { weekday: "long" }).format(
                  new Date(Date.UTC(2024, 0, d)),
                ),
              }))}
              value={String(dayOfWeek)}
              allowDeselect={false}
              onChange={(v) => setDayOfWeek(Number(v ?? 1))}
            />
          )}
          {frequency === "monthly" && (
            <NumberInput
              label={t("reports.schedule.dayOfMonth")}
              min={1}
              max={28}
              value={dayOfMonth}
              onChange={(v) => setDayOfMonth(Number(v) || 1)}
            />
          )}
          <NumberInput
            label={t("reports.schedule.hour")}
            min={0}
            max={23}
            value={hour}
            onChange={(v) => setHour(Number(v) || 0)}
          />
          <Select
            label={t("reports.schedule.format")}
            data={[
              { value: "pdf", label: "PDF" },
              { value: "xlsx", label: "XLSX" },
            ]}
            value={format}
            allowDeselect={false}
            onChange={(v) => v && setFormat(v as Schedule["format"])}
          />
          <Text fz="sm" c="dimmed">
            {t("reports.schedule.toMe", { email: me.data?.email ?? "" })}
          </Text>
          {create.error && (
            <Text c="red" fz="sm" role="alert">
              {problemMessage(t, create.error)}
            </Text>
          )}
          <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="schedule-save">
            {t("reports.schedule.save")}
          </Button>
          {(schedules.data ?? []).map((s) => (
            <Group key={s.id} justify="space-between" data-testid="schedule-item">
              <Text fz="sm">
                {t(`reports.schedule.${s.frequency}`)} · {s.format.toUpperCase()} ·{" "}
                {s.active
                  ? t("reports.schedule.next", { at: formatDateTime(s.nextRunAt, language) })
                  : t("reports.schedule.paused")}
              </Text>
              <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(s.id)}>
                {t("reports.remove")}
              </Button>
            </Group>
          ))}
        </Stack>
      </Modal>
    </>
  );
}
