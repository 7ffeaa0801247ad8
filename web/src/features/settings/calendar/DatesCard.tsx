import "@mantine/dates/styles.css";
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DateField } from "../../../ui/dates/DateField";
import { typedDate } from "../../../ui/dates/parse";
import { problemMessage } from "../../../ui/problemMessages";
import { notifySaved } from "../common";
import {
  type Calendar,
  type CalendarDate,
  calendarQuery,
  type DateInput,
  deleteDate,
  saveDates,
} from "./api";
import { parseDateList } from "./importList";
import { TimeField } from "./TimeField";

const EMPTY: DateInput = { day: "", kind: "holiday", name: null, start: null, end: null };

/** Holidays and working days of a year: add one, paste a list (optionally replacing the year), remove. */
export function DatesCard({ calendar }: { calendar: Calendar }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const queryClient = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear + 1));
  const [draft, setDraft] = useState<DateInput>(EMPTY);
  const [list, setList] = useState("");
  const [replace, setReplace] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSaved = (data: Calendar) => {
    queryClient.setQueryData(calendarQuery.queryKey, data);
    setError(null);
    notifySaved(t);
  };
  const onError = (e: unknown) => setError(problemMessage(t, e));
  const add = useMutation({
    mutationFn: () => saveDates([draft]),
    onSuccess: (data) => {
      onSaved(data);
      setDraft(EMPTY);
    },
    onError,
  });
  const parsed = parseDateList(list, language, {
    [t("settings.calendar.kind.holiday")]: "holiday",
    [t("settings.calendar.kind.workday")]: "workday",
  });
  const importList = useMutation({
    mutationFn: () =>
      saveDates(
        parsed.dates,
        replace ? [...new Set(parsed.dates.map((d) => Number(d.day.slice(0, 4))))] : [],
      ),
    onSuccess: (data) => {
      onSaved(data);
      setList("");
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: async (day: string) => {
      await deleteDate(day);
      return queryClient.fetchQuery({ ...calendarQuery, staleTime: 0 });
    },
    onSuccess: onSaved,
    onError,
  });
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map(String);
  const shown = calendar.dates.filter((d) => d.day.startsWith(`${year}-`));
  const hours = (d: CalendarDate) => (d.start && d.end ? `${d.start}–${d.end}` : "");
  const validDay = /^\d{4}-\d{2}-\d{2}$/.test(draft.day);

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4}>{t("settings.calendar.datesTitle")}</Title>
        <Text size="sm" c="dimmed">
          {t("settings.calendar.datesHint")}
        </Text>
        {error && <Alert color="red">{error}</Alert>}
        <Select
          label={t("settings.calendar.year")}
          data={years}
          value={year}
          onChange={(v) => v && setYear(v)}
          maw={160}
        />
        {shown.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("settings.calendar.noDates")}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {shown.map((d) => (
                <Table.Tr key={d.day}>
                  <Table.Td>{typedDate(d.day, language)}</Table.Td>
                  <Table.Td>{t(`settings.calendar.kind.${d.kind}`)}</Table.Td>
                  <Table.Td>{hours(d)}</Table.Td>
                  <Table.Td>{d.name}</Table.Td>
                  <Table.Td w={40}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`${t("settings.delete")} ${typedDate(d.day, language)}`}
                      onClick={() => remove.mutate(d.day)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-end" wrap="wrap">
          <DateField
            label={t("settings.calendar.date")}
            value={draft.day || null}
            onChange={(v) => setDraft({ ...draft, day: v ?? "" })}
          />
          <Select
            label={t("settings.calendar.kindLabel")}
            data={(["holiday", "workday"] as const).map((k) => ({
              value: k,
              label: t(`settings.calendar.kind.${k}`),
            }))}
            value={draft.kind}
            onChange={(v) =>
              v && setDraft({ ...draft, kind: v as DateInput["kind"], start: null, end: null })
            }
            maw={200}
          />
          {draft.kind === "workday" && (
            <>
              <TimeField
                label={t("settings.calendar.start")}
                value={draft.start ?? ""}
                onChange={(v) => setDraft({ ...draft, start: v || null })}
              />
              <TimeField
                label={t("settings.calendar.end")}
                value={draft.end ?? ""}
                onChange={(v) => setDraft({ ...draft, end: v || null })}
              />
            </>
          )}
          <TextInput
            label={t("settings.calendar.name")}
            value={draft.name ?? ""}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value || null })}
          />
          <Button onClick={() => add.mutate()} loading={add.isPending} disabled={!validDay}>
            {t("settings.calendar.add")}
          </Button>
        </Group>
        <Textarea
          label={t("settings.calendar.importLabel")}
          description={t("settings.calendar.importHint")}
          autosize
          minRows={3}
          value={list}
          onChange={(e) => setList(e.currentTarget.value)}
        />
        {parsed.badLines.length > 0 && (
          <Text size="sm" c="red">
            {t("settings.calendar.badLines", { lines: parsed.badLines.join(", ") })}
          </Text>
        )}
        <Group justify="space-between">
          <Checkbox
            label={t("settings.calendar.replaceYears")}
            checked={replace}
            onChange={(e) => setReplace(e.currentTarget.checked)}
          />
          <Button
            variant="light"
            onClick={() => importList.mutate()}
            loading={importList.isPending}
            disabled={parsed.dates.length === 0 || parsed.badLines.length > 0}
          >
            {t("settings.calendar.import", { n: parsed.dates.length })}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
