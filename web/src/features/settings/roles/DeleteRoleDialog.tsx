import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import type { Role } from "../api";
import { settingsProblemMessage } from "../common";

/** Confirms deleting a role; a role still in use (409 role_in_use) is explained in place. */
export function DeleteRoleDialog({ role, onClose }: { role: Role; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/roles/{id}", { params: { path: { id: role.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["settings", "roles"] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t("settings.roles.deleteRole", { name: role.name })}>
      <Stack gap="sm">
        <Text size="sm">{t("settings.roles.deleteConfirm", { name: role.name })}</Text>
        <FormAlert message={remove.isError ? settingsProblemMessage(t, remove.error) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t("settings.delete")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
