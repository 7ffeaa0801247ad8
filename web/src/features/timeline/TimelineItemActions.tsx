import { Button, Group, Popover, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { problemMessage } from "../../ui/problemMessages";
import { DeniedButton } from "../records";
import type { TimelineItem } from "./api";
import { EditActivityDialog } from "./EditActivityDialog";

/**
 * "Edit" and "Delete" on one timeline item, as the server presents it (`permissions`, the activities definition's
 * write rule): offered when allowed (delete with a confirmation); shown disabled with the reason when the caller's
 * role may not or nobody may (`locked`: an item the system wrote). Items without `permissions` (a mail thread from
 * another timeline source) are not activities and get no actions.
 */
export function TimelineItemActions({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/activities/{id}", { params: { path: { id: item.id } } })),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ["timeline"] });
    },
    onError: (error) => notifications.show({ color: "red", message: problemMessage(t, error) }),
  });
  const [editing, setEditing] = useState(false);
  const permissions = item.permissions;
  if (!permissions) return null;
  const button = { size: "compact-xs", variant: "subtle", color: "gray" } as const;
  const denied = (action: "update" | "delete") =>
    permissions.locked ? t("timeline.locked") : t(`records.recordDenied.${action}`);
  const editIcon = <IconPencil size={12} aria-hidden />;
  const edit = permissions.update ? (
    <Button {...button} leftSection={editIcon} onClick={() => setEditing(true)}>
      {t("timeline.edit")}
    </Button>
  ) : (
    <DeniedButton reason={denied("update")} {...button} leftSection={editIcon}>
      {t("timeline.edit")}
    </DeniedButton>
  );
  const icon = <IconTrash size={12} aria-hidden />;
  const deleteAction = permissions.delete ? (
    <Popover opened={confirming} onChange={setConfirming} withArrow position="bottom-end" trapFocus>
      <Popover.Target>
        <Button {...button} leftSection={icon} onClick={() => setConfirming((o) => !o)}>
          {t("timeline.delete")}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" maw={260}>
          <Text size="sm">{t("timeline.deleteConfirm")}</Text>
          <Group gap="xs" justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </Button>
            <Button size="xs" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t("timeline.delete")}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  ) : (
    <DeniedButton reason={denied("delete")} {...button} leftSection={icon}>
      {t("timeline.delete")}
    </DeniedButton>
  );
  return (
    <Group gap={4} wrap="nowrap">
      {edit}
      {deleteAction}
      {editing ? <EditActivityDialog item={item} onClose={() => setEditing(false)} /> : null}
    </Group>
  );
}
