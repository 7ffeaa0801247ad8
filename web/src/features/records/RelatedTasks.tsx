import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CreateTaskButton } from "./CreateButtons";
import { RelatedList } from "./RelatedList";

/** Open tasks linked to a record, with "plan a task" / "plan a meeting". */
export function RelatedTasks({ entity, id }: { entity: "companies" | "contacts" | "deals"; id: string }) {
  const { t } = useTranslation();
  return (
    <RelatedList
      title={t("nav.tasks")}
      entity="tasks"
      query={{ linked: `${entity}:${id}`, view: "all", sort: "dueAt" }}
      extra={(task) =>
        task.overdue === true && task.status === "open" ? (
          <Badge color="red" size="xs">
            {t("tasks.overdue")}
          </Badge>
        ) : task.status === "done" ? (
          <Badge color="gray" size="xs">
            {t("options.status.done")}
          </Badge>
        ) : null
      }
      action={
        <>
          <CreateTaskButton link={{ entity, id }} label={t("records.planTask")} />
          <CreateTaskButton link={{ entity, id }} type="meeting" label={t("records.planMeeting")} />
        </>
      }
    />
  );
}
