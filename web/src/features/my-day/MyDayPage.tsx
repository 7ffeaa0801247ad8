import { Alert, Grid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { problemMessage } from "../../ui/problemMessages";
import { usePageTitle } from "../../ui/usePageTitle";
import { LogCallDialog } from "./LogCallDialog";
import { birthdaysQuery, dealsWithoutNextStepQuery, tasksViewQuery } from "./myDayApi";
import { rescheduledDue } from "./myDayModel";
import { type PlanTaskDefaults, PlanTaskDialog } from "./PlanTaskDialog";
import { BirthdayRow, DealWithoutStepRow, Section } from "./Sections";
import { TaskRow } from "./TaskRow";
import type { Task } from "./types";
import { useTaskActions } from "./useTaskActions";

/** The start page: what is overdue, what is on today, which deals need a next step, whose birthday it is. */
export function MyDayPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t("nav.myDay"));
  const overdue = useQuery(tasksViewQuery("overdue"));
  const today = useQuery(tasksViewQuery("today"));
  const upcoming = useQuery(tasksViewQuery("upcoming"));
  const deals = useQuery(dealsWithoutNextStepQuery);
  const birthdays = useQuery(birthdaysQuery);
  const actions = useTaskActions();
  const [calling, setCalling] = useState<Task | null>(null);
  const [planning, setPlanning] = useState<PlanTaskDefaults | null>(null);

  const row = (task: Task) => (
    <TaskRow
      key={task.id}
      task={task}
      onComplete={() => actions.complete.mutate({ task })}
      onReschedule={(target) => actions.reschedule.mutate({ task, dueAt: rescheduledDue(task, target) })}
      onLogCall={() => setCalling(task)}
    />
  );
  const todayTasks = today.data?.items ?? [];
  const meetings = todayTasks.filter((task) => task.type === "meeting");
  const tasks = todayTasks.filter((task) => task.type !== "meeting");
  const error = overdue.error ?? today.error;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {t("nav.myDay")}
        </Title>
        <Text c="dimmed" size="sm">
          {format.date(new Date())}
        </Text>
      </div>
      {error ? <Alert color="red">{problemMessage(t, error)}</Alert> : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Section
              title={t("myDay.overdue")}
              count={overdue.data?.items.length}
              loading={overdue.isPending}
              isEmpty={!overdue.data?.items.length}
              empty={t("myDay.nothingOverdue")}
            >
              {overdue.data?.items.map(row)}
            </Section>
            <Section
              title={t("myDay.today")}
              count={tasks.length}
              loading={today.isPending}
              isEmpty={tasks.length === 0}
              empty={t("myDay.nothingToday")}
            >
              {tasks.map(row)}
            </Section>
            <Section
              title={t("myDay.meetings")}
              count={meetings.length}
              loading={today.isPending}
              isEmpty={meetings.length === 0}
              empty={t("myDay.noMeetings")}
            >
              {meetings.map(row)}
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
              count={deals.data?.length}
              loading={deals.isPending}
              isEmpty={!deals.data?.length}
              empty={t("myDay.allDealsPlanned")}
            >
              {deals.data?.map((deal) => (
                <DealWithoutStepRow
                  key={deal.id}
                  deal={deal}
                  onPlan={() =>
                    setPlanning({
                      title: t("myDay.followUp", { title: deal.title }),
                      date: new Date(),
                      links: [{ entity: "deals", id: deal.id }],
                    })
                  }
                />
              ))}
            </Section>
            <Section
              title={t("myDay.birthdays")}
              loading={birthdays.isPending}
              isEmpty={!birthdays.data?.length}
              empty={t("myDay.noBirthdays")}
            >
              {birthdays.data?.map((contact) => (
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
