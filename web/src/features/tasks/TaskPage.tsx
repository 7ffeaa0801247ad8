import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { enumLabel } from "../../i18n/enumLabel";
import { useFormat } from "../../i18n/useFormat";
import { ErrorPage } from "../../ui/ErrorPage";
import { useUserMap } from "../../ui/people/directory";
import { UserAvatar } from "../../ui/people/UserAvatar";
import { problemMessage } from "../../ui/problemMessages";
import { usePageTitle } from "../../ui/usePageTitle";
import { DeniedButton, listKey, recordKey, useDeniedReason, useRecord } from "../records";
import { RecordHistory, RecordNotFound } from "../records/index.history";
import { type TaskLink, TaskLinks } from "./TaskLinks";
import { useTaskTypeNames } from "./taskTypes";

const route = getRouteApi("/app/tasks/$id");

type Task = Record<string, unknown>;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value : null);

/** The task's fields (only those the role may see) and its change history. */
function TaskFields({ task }: { task: Task }) {
  const { t } = useTranslation();
  const typeNames = useTaskTypeNames();
  const timeZone = text(task.timeZone) ?? undefined;
  const format = useFormat(timeZone);
  const users = useUserMap();
  const owner = typeof task.ownerId === "string" ? users.get(task.ownerId) : undefined;
  const due = text(task.dueAt);
  const facts: { key: string; label: string; value: ReactNode }[] = [];
  const add = (key: string, value: ReactNode | null | undefined) => {
    if (value !== null && value !== undefined && value !== "")
      facts.push({ key, label: t(`fields.tasks.${key}`), value });
  };
  add("type", text(task.type) ? enumLabel(t, "type", String(task.type), typeNames) : null);
  add("priority", text(task.priority) ? enumLabel(t, "priority", String(task.priority)) : null);
  add("dueAt", due ? (task.allDay ? format.date(due) : format.dateTime(due)) : null);
  if (typeof task.ownerId === "string")
    add(
      "ownerId",
      <Group gap="xs" wrap="nowrap">
        <UserAvatar user={owner} size={22} />
        <Text size="sm">{owner?.name ?? "—"}</Text>
      </Group>,
    );
  add("completedAt", text(task.completedAt) ? format.dateTime(String(task.completedAt)) : null);
  add("createdAt", text(task.createdAt) ? format.dateTime(String(task.createdAt)) : null);
  add("updatedAt", text(task.updatedAt) ? format.dateTime(String(task.updatedAt)) : null);
  return (
    <Stack gap="md">
      <Grid gap="md">
        {facts.map((fact) => (
          <Grid.Col key={fact.key} span={{ base: 12, xs: 6 }}>
            <Fact label={fact.label}>
              {typeof fact.value === "string" ? <Text size="sm">{fact.value}</Text> : fact.value}
            </Fact>
          </Grid.Col>
        ))}
        {text(task.location) ? (
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Fact label={t("tasks.location")}>
              <Text size="sm">{String(task.location)}</Text>
            </Fact>
          </Grid.Col>
        ) : null}
        {typeof task.durationMinutes === "number" ? (
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <Fact label={t("tasks.duration")}>
              <Text size="sm">{format.number(task.durationMinutes)}</Text>
            </Fact>
          </Grid.Col>
        ) : null}
      </Grid>
      {text(task.description) ? (
        <Fact label={t("fields.tasks.description")}>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {String(task.description)}
          </Text>
        </Fact>
      ) : null}
      {Array.isArray(task.links) ? <TaskLinks links={task.links as TaskLink[]} /> : null}
      {text(task.result) ? (
        <Fact label={t("tasks.result")}>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {String(task.result)}
          </Text>
        </Fact>
      ) : null}
    </Stack>
  );
}

function StatusAction({ task }: { task: Task }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = String(task.id);
  const done = task.status === "done";
  // The server says whether this user may change this task (`permissions.update`): if not, the reason shows.
  const denied = useDeniedReason()(task as { id: string }, "update");
  const toggle = useMutation({
    mutationFn: () =>
      done
        ? unwrap(api.PATCH("/api/v1/tasks/{id}", { params: { path: { id } }, body: { status: "open" } }))
        : unwrap(api.POST("/api/v1/tasks/{id}/complete", { params: { path: { id } }, body: {} })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: recordKey("tasks", id) });
      void queryClient.invalidateQueries({ queryKey: ["records", "tasks", "history", id] });
      void queryClient.invalidateQueries({ queryKey: listKey("tasks") });
    },
    onError: (error) => notifications.show({ color: "red", message: problemMessage(t, error) }),
  });
  if (task.status === "cancelled") return null;
  if (denied)
    return (
      <DeniedButton reason={denied} variant={done ? "default" : "filled"}>
        {done ? t("tasks.reopen") : t("tasks.complete")}
      </DeniedButton>
    );
  return (
    <Button variant={done ? "default" : "filled"} loading={toggle.isPending} onClick={() => toggle.mutate()}>
      {done ? t("tasks.reopen") : t("tasks.complete")}
    </Button>
  );
}

/** `/tasks/$id`: a task's fields, complete/reopen, and its change history. */
export function TaskPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const record = useRecord("tasks", id);
  const task = record.data as Task | undefined;
  const title = text(task?.title) ?? t("nav.tasks");
  usePageTitle(title);
  if (record.notFound) return <RecordNotFound listPath="/tasks" listLabel={t("nav.tasks")} />;
  if (record.error) return <ErrorPage error={record.error} onRetry={() => void record.refetch()} />;
  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to="/tasks" size="sm">
          {t("nav.tasks")}
        </Anchor>
        <Text size="sm">{task ? title : "…"}</Text>
      </Breadcrumbs>
      {!task ? (
        <Skeleton height={240} />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper withBorder radius="md" p="lg">
              <Stack gap="md">
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={4}>
                    <Title order={1} size="h3">
                      {title}
                    </Title>
                    <Group gap="xs">
                      {text(task.status) ? (
                        <Badge variant="light" color={task.status === "done" ? "green" : "blue"}>
                          {enumLabel(t, "status", String(task.status))}
                        </Badge>
                      ) : null}
                      {task.overdue === true && task.status === "open" ? (
                        <Badge variant="light" color="red">
                          {t("tasks.overdue")}
                        </Badge>
                      ) : null}
                    </Group>
                  </Stack>
                  <StatusAction task={task} />
                </Group>
                <TaskFields task={task} />
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper withBorder radius="md" p="lg" component="section" aria-label={t("records.history")}>
              <Stack gap="sm">
                <Title order={2} size="h4">
                  {t("records.history")}
                </Title>
                <RecordHistory entity="tasks" id={id} />
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
