import { Button, Group, Modal, ScrollArea, Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";

/** The frame of the create dialogs: full screen on phones, form alert, cancel/create buttons. */
export function CreateDialog({
  opened,
  title,
  onClose,
  onSubmit,
  submitting,
  alert,
  children,
  after,
  submitLabel,
}: {
  opened: boolean;
  title: string;
  onClose: () => void;
  onSubmit: (event?: React.FormEvent<HTMLFormElement>) => void;
  submitting: boolean;
  alert: string | null;
  children: ReactNode;
  after?: ReactNode;
  /** Default: "Create". */
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="xl"
      fullScreen={false}
      scrollAreaComponent={ScrollArea.Autosize}
    >
      {after ?? (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <FormAlert message={alert} />
            {children}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t("table.cancel")}
              </Button>
              <Button type="submit" loading={submitting}>
                {submitLabel ?? t("records.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
