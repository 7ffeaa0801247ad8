import { notifications } from "@mantine/notifications";
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { completeTask, logActivity, MY_DAY_KEY, type MyDay, rescheduleTask, UPCOMING_KEY } from "./myDayApi";
import { withoutMyDayTask, withoutTask } from "./myDayModel";
import type { Task, TaskPage } from "./types";

type Snapshot = Array<[QueryKey, unknown]>;

/** Complete / reschedule / log-a-call for the My day lists: the row disappears at once, back on error. */
export function useTaskActions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  const hideOptimistically = async (taskId: string): Promise<{ snapshot: Snapshot }> => {
    await queryClient.cancelQueries({ queryKey: MY_DAY_KEY });
    await queryClient.cancelQueries({ queryKey: UPCOMING_KEY });
    const snapshot: Snapshot = [
      [MY_DAY_KEY, queryClient.getQueryData(MY_DAY_KEY)],
      [UPCOMING_KEY, queryClient.getQueryData(UPCOMING_KEY)],
    ];
    queryClient.setQueryData<MyDay>(MY_DAY_KEY, (day) => withoutMyDayTask(day, taskId));
    queryClient.setQueryData<TaskPage>(UPCOMING_KEY, (page) => withoutTask(page, taskId));
    return { snapshot };
  };
  const restore = (error: unknown, context: { snapshot: Snapshot } | undefined) => {
    for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    notifications.show({ color: "red", title: t("myDay.actionFailed"), message: problemMessage(t, error) });
  };
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: MY_DAY_KEY }),
      queryClient.invalidateQueries({ queryKey: ["tasks"] }),
    ]);

  const complete = useMutation({
    mutationFn: ({ id, result }: { id: string; result?: string }) => completeTask(id, result),
    onMutate: ({ id }) => hideOptimistically(id),
    onError: (error, _vars, context) => restore(error, context),
    onSettled: refresh,
  });

  const reschedule = useMutation({
    mutationFn: ({ id, dueAt }: { id: string; dueAt: string }) => rescheduleTask(id, dueAt),
    onMutate: ({ id }) => hideOptimistically(id),
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
      // The task's result is text for people: the outcome in the user's language, then the note.
      const label = t(`myDay.outcomes.${outcome}`);
      return completeTask(task.id, note ? `${label}: ${note}` : label);
    },
    onSuccess: () => notifications.show({ color: "teal", message: t("myDay.callLogged") }),
    onSettled: refresh,
  });

  return { complete, reschedule, logCall };
}
