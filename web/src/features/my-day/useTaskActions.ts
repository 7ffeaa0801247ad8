import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { completeTask, logActivity, rescheduleTask } from "./myDayApi";
import { withoutTask } from "./myDayModel";
import type { Task, TaskPage } from "./types";

const MY_DAY_TASKS = ["tasks", "my-day"] as const;

/** Complete / reschedule / log-a-call for the My day lists: the row disappears at once, back on error. */
export function useTaskActions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  const hideOptimistically = async (taskId: string) => {
    await queryClient.cancelQueries({ queryKey: MY_DAY_TASKS });
    const snapshot = queryClient.getQueriesData<TaskPage>({ queryKey: MY_DAY_TASKS });
    queryClient.setQueriesData<TaskPage>({ queryKey: MY_DAY_TASKS }, (page) => withoutTask(page, taskId));
    return { snapshot };
  };
  const restore = (
    error: unknown,
    context: { snapshot: [readonly unknown[], TaskPage | undefined][] } | undefined,
  ) => {
    for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    notifications.show({ color: "red", title: t("myDay.actionFailed"), message: problemMessage(t, error) });
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["tasks"] });

  const complete = useMutation({
    mutationFn: ({ task, result }: { task: Task; result?: string }) => completeTask(task.id, result),
    onMutate: ({ task }) => hideOptimistically(task.id),
    onError: (error, _vars, context) => restore(error, context),
    onSettled: refresh,
  });

  const reschedule = useMutation({
    mutationFn: ({ task, dueAt }: { task: Task; dueAt: string }) => rescheduleTask(task.id, dueAt),
    onMutate: ({ task }) => hideOptimistically(task.id),
    onSuccess: () => notifications.show({ color: "teal", message: t("myDay.rescheduled") }),
    onError: (error, _vars, context) => restore(error, context),
    onSettled: refresh,
  });

  /** Logs the call on the task's records, then completes the task with the outcome as its result. */
  const logCall = useMutation({
    mutationFn: async ({ task, outcome, note }: { task: Task; outcome: string; note: string }) => {
      await logActivity({
        kind: "call",
        direction: "out",
        outcome,
        subject: task.title,
        ...(note ? { body: note } : {}),
        links: task.links,
        occurredAt: new Date().toISOString(),
      });
      return completeTask(task.id, note ? `${outcome}: ${note}` : outcome);
    },
    onSuccess: () => notifications.show({ color: "teal", message: t("myDay.callLogged") }),
    onSettled: refresh,
  });

  return { complete, reschedule, logCall };
}
