import { Checkbox } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { problemMessage } from "../../ui/problemMessages";
import type { RowBase } from "../../ui/table/types";
import { listKey } from "../records";
import { CreateTaskButton } from "../records/index.create";
import { RecordListPage } from "../records/index.list";
import { useTaskTypeNames } from "./taskTypes";

const SEARCH = ["title"] as const;

function CompleteCheckbox({ row }: { row: RowBase }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const done = row.status === "done";
  return (
    <Checkbox
      size="xs"
      radius="xl"
      aria-label={done ? t("tasks.reopen") : t("tasks.complete")}
      checked={done}
      onClick={(e) => e.stopPropagation()}
      onChange={async () => {
        try {
          if (done)
            await unwrap(
              api.PATCH("/api/v1/tasks/{id}", { params: { path: { id: row.id } }, body: { status: "open" } }),
            );
          else
            await unwrap(
              api.POST("/api/v1/tasks/{id}/complete", { params: { path: { id: row.id } }, body: {} }),
            );
        } catch (error) {
          notifications.show({ color: "red", message: problemMessage(t, error) });
        }
        await client.invalidateQueries({ queryKey: listKey("tasks") });
      }}
    />
  );
}

const leading = (row: RowBase) => <CompleteCheckbox row={row} />;
const rowTone = (row: RowBase) => (row.overdue === true && row.status === "open" ? "danger" : undefined);

export function TasksPage() {
  const { t } = useTranslation();
  // Task types an administrator added show (and filter) by their names, not their keys.
  const typeNames = useTaskTypeNames();
  const codeNames = useMemo(() => ({ type: typeNames }), [typeNames]);
  return (
    <RecordListPage
      entity="tasks"
      codeNames={codeNames}
      title={t("nav.tasks")}
      searchKeys={SEARCH}
      leading={leading}
      rowTone={rowTone}
      actions={<CreateTaskButton />}
    />
  );
}
