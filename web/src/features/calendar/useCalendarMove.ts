import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { rescheduleTask } from "../my-day";
import type { CalendarTask } from "./calendarApi";

/** Reschedules a dragged event optimistically in every cached calendar range; rolls back on error. */
export function useCalendarMove() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = ["tasks", "calendar"];
  return useMutation({
    mutationFn: ({ task, dueAt }: { task: CalendarTask; dueAt: string }) => rescheduleTask(task.id, dueAt),
    onMutate: async ({ task, dueAt }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const snapshot = queryClient.getQueriesData<CalendarTask[]>({ queryKey: key });
      const allDay = /^\d{4}-\d{2}-\d{2}$/.test(dueAt);
      queryClient.setQueriesData<CalendarTask[]>({ queryKey: key }, (items) =>
        items?.map((item) => (item.id === task.id ? { ...item, dueAt, allDay, overdue: false } : item)),
      );
      return { snapshot };
    },
    onError: (error, _vars, context) => {
      for (const [queryKey, data] of context?.snapshot ?? []) queryClient.setQueryData(queryKey, data);
      notifications.show({ color: "red", title: t("myDay.actionFailed"), message: problemMessage(t, error) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["tasks"] }),
  });
}
