import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { ActionIcon, Alert, Button, Group, SegmentedControl, Skeleton, Stack, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../../i18n/languages";
import { useFormat } from "../../i18n/useFormat";
import { addDays, addMonths, firstDayOfWeek, todayIn, visibleRange, weekDays } from "../../ui/dates/dateMath";
import { useProfileTimeZone } from "../../ui/dates/useProfileTimeZone";
import { teamMemberIds, usersQuery } from "../../ui/people/directory";
import { PeopleFilters } from "../../ui/people/PeopleFilters";
import { problemMessage } from "../../ui/problemMessages";
import { usePageTitle } from "../../ui/usePageTitle";
import { type PlanTaskDefaults, PlanTaskDialog } from "../my-day";
import { calendarQuery } from "./calendarApi";
import { byDay, type CalendarView, dueAfterDrop, parseDropId } from "./calendarModel";
import { MonthView } from "./MonthView";
import { TimeGridView } from "./TimeGridView";
import { useCalendarMove } from "./useCalendarMove";

/** Prefer the browser's regional variant of the interface language (en-GB weeks start on Monday). */
function weekLocale(language: string): string {
  const browser = typeof navigator === "undefined" ? "" : navigator.language;
  return browser.toLowerCase().startsWith(language) ? browser : intlLocale(language);
}

export function CalendarPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const timeZone = useProfileTimeZone();
  usePageTitle(t("nav.calendar"));
  const [view, setView] = useState<CalendarView>(() =>
    window.matchMedia?.("(max-width: 48em)").matches ? "day" : "week",
  );
  const [anchor, setAnchor] = useState(() => todayIn(timeZone));
  const today = todayIn(timeZone);
  const [people, setPeople] = useState<{ ownerId: string | null; teamId: string | null }>({
    ownerId: "me",
    teamId: null,
  });
  const [planning, setPlanning] = useState<PlanTaskDefaults | null>(null);
  const firstDay = firstDayOfWeek(weekLocale(format.language));
  const range = visibleRange(view, anchor, firstDay);
  const users = useQuery(usersQuery);
  const peopleFilter = useMemo(() => {
    const conditions: Record<string, unknown>[] = [];
    if (people.ownerId) conditions.push({ field: "ownerId", op: "eq", value: people.ownerId });
    const members = teamMemberIds(users.data, people.teamId);
    if (members)
      conditions.push({
        field: "ownerId",
        op: "in",
        value: members.length ? members : ["00000000-0000-0000-0000-000000000000"],
      });
    return conditions;
  }, [people, users.data]);
  const tasks = useQuery(calendarQuery(range.from, range.to, peopleFilter, timeZone));
  const tasksByDay = useMemo(() => byDay(tasks.data ?? [], timeZone), [tasks.data, timeZone]);
  const move = useCalendarMove();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );

  const step = (direction: 1 | -1) =>
    setAnchor((current) =>
      view === "month"
        ? addMonths(current, direction)
        : addDays(current, direction * (view === "week" ? 7 : 1)),
    );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const drop = over ? parseDropId(String(over.id)) : null;
    const task = tasks.data?.find((item) => item.id === active.id);
    if (!drop || !task) return;
    const dueAt = dueAfterDrop(task, drop, timeZone);
    if (dueAt && dueAt !== task.dueAt) move.mutate({ task, dueAt });
  };
  const onCreate = (day: Date, minutes?: number) =>
    setPlanning({
      date: day,
      type: minutes === undefined ? "call" : "meeting",
      ...(minutes !== undefined ? { minutes } : {}),
    });

  const rawTitle =
    view === "month"
      ? format.monthYear(anchor)
      : view === "week"
        ? `${format.date(range.from)} – ${format.date(addDays(range.to, -1))}`
        : format.fullDate(anchor);
  const title = rawTitle.charAt(0).toLocaleUpperCase(format.language) + rawTitle.slice(1);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={1} size="h2">
          {t("nav.calendar")}
        </Title>
        <Group gap="sm" align="flex-end">
          <PeopleFilters ownerId={people.ownerId} teamId={people.teamId} onChange={setPeople} includeMe />
        </Group>
      </Group>
      <Group justify="space-between" gap="xs">
        <Group gap={4} wrap="nowrap">
          <ActionIcon variant="default" onClick={() => step(-1)} aria-label={t("calendar.previous")}>
            <IconChevronLeft size={16} aria-hidden />
          </ActionIcon>
          <Button variant="default" size="xs" onClick={() => setAnchor(todayIn(timeZone))}>
            {t("calendar.today")}
          </Button>
          <ActionIcon variant="default" onClick={() => step(1)} aria-label={t("calendar.next")}>
            <IconChevronRight size={16} aria-hidden />
          </ActionIcon>
          <Title order={2} size="h5" ml="xs" aria-live="polite" style={{ textTransform: "none" }}>
            {title}
          </Title>
        </Group>
        <SegmentedControl
          size="xs"
          value={view}
          onChange={(value) => setView(value as CalendarView)}
          aria-label={t("calendar.view")}
          data={(["day", "week", "month"] as const).map((value) => ({
            value,
            label: t(`calendar.views.${value}`),
          }))}
        />
      </Group>
      {tasks.error ? <Alert color="red">{problemMessage(t, tasks.error)}</Alert> : null}
      {tasks.isPending ? (
        <Skeleton height={480} radius="md" />
      ) : (
        <DndContext sensors={sensors} onDragEnd={onDragEnd}>
          {view === "month" ? (
            <MonthView
              anchor={anchor}
              today={today}
              firstDay={firstDay}
              tasksByDay={tasksByDay}
              onCreate={onCreate}
              onShowDay={(day) => {
                setAnchor(day);
                setView("day");
              }}
            />
          ) : (
            <TimeGridView
              days={view === "week" ? weekDays(anchor, firstDay) : [anchor]}
              today={today}
              tasksByDay={tasksByDay}
              onCreate={onCreate}
            />
          )}
        </DndContext>
      )}
      <PlanTaskDialog defaults={planning} onClose={() => setPlanning(null)} />
    </Stack>
  );
}
