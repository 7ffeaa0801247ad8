import "@mantine/dates/styles.css";
import { Button, Card, Checkbox, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../../ui/FormAlert";
import { applyProblemToForm } from "../../../ui/formErrors";
import { notifySaved } from "../common";
import { timeZoneOptions } from "../users/options";
import { type Calendar, calendarQuery, saveWeek } from "./api";
import { TimeField } from "./TimeField";

interface Row {
  weekday: number;
  working: boolean;
  start: string;
  end: string;
}
interface Values {
  timeZone: string | null;
  week: Row[];
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function toValues(cal: Calendar): Values {
  return {
    timeZone: cal.timeZone,
    week: WEEKDAYS.map((weekday) => {
      const day = cal.week.find((w) => w.weekday === weekday);
      return { weekday, working: !!day, start: day?.start ?? "09:00", end: day?.end ?? "18:00" };
    }),
  };
}

/** Monday's date of a fixed week: weekday names come from the browser's locale data in the interface language. */
const weekdayName = (weekday: number, language: string) =>
  new Intl.DateTimeFormat(language, { weekday: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(2024, 0, weekday)),
  );

/** The working week and the zone the calendar is kept in. */
export function WeekForm({ calendar }: { calendar: Calendar }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const zones = useMemo(() => timeZoneOptions(), []);
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: toValues(calendar),
    // The server numbers refused rows among the working days only, so the order is checked here too.
    validate: {
      week: {
        end: (end, values, path) => {
          const row = values.week[Number(path.split(".")[1])];
          return row?.working && end <= row.start ? t("errors.end_before_start") : null;
        },
      },
    },
  });
  const [alert, setAlert] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the server data changes
  useEffect(() => {
    form.setValues(toValues(calendar));
    form.resetDirty(toValues(calendar));
  }, [calendar]);
  const save = useMutation({
    mutationFn: (v: Values) =>
      saveWeek({
        timeZone: v.timeZone,
        week: v.week.filter((r) => r.working).map(({ weekday, start, end }) => ({ weekday, start, end })),
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(calendarQuery.queryKey, data);
      notifySaved(t);
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  return (
    <Card withBorder padding="md">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setAlert(null);
          save.mutate(v);
        })}
      >
        <Stack gap="sm">
          <Title order={4}>{t("settings.calendar.weekTitle")}</Title>
          <Text size="sm" c="dimmed">
            {t(calendar.configured ? "settings.calendar.weekHint" : "settings.calendar.notConfigured")}
          </Text>
          <FormAlert message={alert} />
          <Select
            label={t("settings.calendar.timeZone")}
            placeholder={t("settings.calendar.ownZone")}
            description={t("settings.calendar.timeZoneHint")}
            data={zones}
            searchable
            clearable
            maw={360}
            {...form.getInputProps("timeZone")}
          />
          <Table withRowBorders={false} maw={560}>
            <Table.Tbody>
              {form.values.week.map((row, i) => (
                <Table.Tr key={row.weekday}>
                  <Table.Td>
                    <Checkbox
                      label={weekdayName(row.weekday, language)}
                      {...form.getInputProps(`week.${i}.working`, { type: "checkbox" })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TimeField
                      aria-label={`${weekdayName(row.weekday, language)} ${t("settings.calendar.start")}`}
                      disabled={!row.working}
                      value={row.start}
                      onChange={(v) => form.setFieldValue(`week.${i}.start`, v)}
                      error={form.errors[`week.${i}.start`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TimeField
                      aria-label={`${weekdayName(row.weekday, language)} ${t("settings.calendar.end")}`}
                      disabled={!row.working}
                      value={row.end}
                      onChange={(v) => form.setFieldValue(`week.${i}.end`, v)}
                      error={form.errors[`week.${i}.end`]}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
