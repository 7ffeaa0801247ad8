import { Alert, Grid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { fromIsoDate } from "../../ui/dates/dateMath";
import { problemMessage } from "../../ui/problemMessages";
import { usePageTitle } from "../../ui/usePageTitle";
import { LogCallDialog } from "./LogCallDialog";
import { MeetingRow } from "./MeetingRow";
import { myDayQuery, upcomingTasksQuery } from "./myDayApi";
import { type RescheduleTarget, rescheduledDue } from "./myDayModel";
import { type PlanTaskDefaults, PlanTaskDialog } from "./PlanTaskDialog";
import { BirthdayRow, DealWithoutStepRow, Section, type SectionCount } from "./Sections";
import { TaskRow, type TaskRowTask } from "./TaskRow";
import type { Task } from "./types";
import { useTaskActions } from "./useTaskActions";

const countOf = (section: { items: unknown[]; total: number; capped: boolean } | undefined) =>
  section
    ? ({ shown: section.items.length, total: section.total, capped: section.capped } satisfies SectionCount)
    : undefined;

/** The start page: what is overdue, what is on today, which deals need a next step, whose birthday it is. */
export function MyDayPage() {
  const { t } = useTranslation();
  const dateFormat = useFormat();
  usePageTitle(t("nav.myDay"));
  const day = useQuery(myDayQuery);
  const upcoming = useQuery(upcomingTasksQuery);
  const actions = useTaskActions();
  const [calling, setCalling] = useState<Task | null>(null);
  const [planning, setPlanning] = useState<PlanTaskDefaults | null>(null);
  const data = day.data;
  const timeZone = data?.timeZone;
  const loading = day.isPending;

  const reschedule = (id: string, due: Pick<Task, "dueAt" | "allDay">, target: RescheduleTarget) =>
    actions.reschedule.mutate({ id, dueAt: rescheduledDue(due, target, new Date(), timeZone) });
  const row = (task: TaskRowTask) => (
    <TaskRow
      key={task.id}
      task={task}
      timeZone={timeZone}
      onComplete={() => actions.complete.mutate({ id: task.id })}
      onReschedule={(target) => reschedule(task.id, task, target)}
      onLogCall={() => setCalling(task)}
    />
  );
  const localDate = data ? fromIsoDate(data.date) : null;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {t("nav.myDay")}
        </Title>
        <Text c="dimmed" size="sm">
          {localDate ? dateFormat.date(localDate) : "\u00a0"}
        </Text>
      </div>
      {day.error ? <Alert color="red">{problemMessage(t, day.error)}</Alert> : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Section
              title={t("myDay.overdue")}
              count={countOf(data?.overdue)}
              loading={loading}
              isEmpty={!data?.overdue.items.length}
              empty={t("myDay.nothingOverdue")}
            >
              {data?.overdue.items.map(row)}
            </Section>
            <Section
              title={t("myDay.today")}
              count={countOf(data?.today)}
              loading={loading}
              isEmpty={!data?.today.items.length}
              empty={t("myDay.nothingToday")}
            >
              {data?.today.items.map(row)}
            </Section>
            <Section
              title={t("myDay.meetings")}
              count={countOf(data?.meetings)}
              loading={loading}
              isEmpty={!data?.meetings.items.length}
              empty={t("myDay.noMeetings")}
            >
              {data?.meetings.items.map((meeting) => {
                const isTask = meeting.source === "task";
                return (
                  <MeetingRow
                    key={`${meeting.source}:${meeting.id}`}
                    meeting={meeting}
                    timeZone={data.timeZone}
                    onComplete={isTask ? () => actions.complete.mutate({ id: meeting.id }) : undefined}
                    onReschedule={
                      isTask
                        ? (target) =>
                            reschedule(meeting.id, { dueAt: meeting.startsAt, allDay: false }, target)
                        : undefined
                    }
                  />
                );
              })}
            </Section>
            <Section
              title={t("myDay.upcoming")}
              loading={upcoming.isPending}
              isEmpty={!upcoming.data?.items.length}
              empty={t("myDay.nothingUpcoming")}
            >
              {upcoming.data?.items.map(row)}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <Section
              title={t("myDay.dealsWithoutStep")}
              count={countOf(data?.dealsWithoutNextStep)}
              loading={loading}
              isEmpty={!data?.dealsWithoutNextStep.items.length}
              empty={t("myDay.allDealsPlanned")}
            >
              {data?.dealsWithoutNextStep.items.map((deal) => (
                <DealWithoutStepRow
                  key={deal.id}
                  deal={deal}
                  onPlan={() =>
                    setPlanning({
                      title: t("myDay.followUp", { title: deal.title }),
                      date: localDate ?? new Date(),
                      links: [{ entity: "deals", id: deal.id }],
                    })
                  }
                />
              ))}
            </Section>
            <Section
              title={t("myDay.birthdays")}
              count={countOf(data?.birthdays)}
              loading={loading}
              isEmpty={!data?.birthdays.items.length}
              empty={t("myDay.noBirthdays")}
            >
              {data?.birthdays.items.map((contact) => (
                <BirthdayRow key={contact.id} contact={contact} />
              ))}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
      <LogCallDialog
        task={calling}
        onClose={() => setCalling(null)}
        onSubmit={(values) =>
          calling ? actions.logCall.mutateAsync({ task: calling, ...values }) : Promise.resolve()
        }
      />
      <PlanTaskDialog defaults={planning} onClose={() => setPlanning(null)} />
    </Stack>
  );
}
