import { notifications } from "@mantine/notifications";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { CreateTaskDialog } from "./CreateTaskDialog";

/** The task form opened from the "+" menu: says the task was created and opens it. */
export function QuickCreateTask({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <CreateTaskDialog
      onClose={onClose}
      onCreated={(id) => {
        notifications.show({ color: "teal", message: t("quickCreate.taskCreated") });
        void navigate({ to: "/tasks/$id", params: { id } });
      }}
    />
  );
}
