import { Button, Group, Modal, ScrollArea, Stack, Text } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";

/**
 * The frame of the create dialogs: full screen on phones, form alert, cancel/create buttons. Once something has
 * been typed, Esc, the close button and Cancel ask before the input is discarded (values the form fills in
 * itself, such as a default currency, do not count).
 */
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
  const [typed, setTyped] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const markTyped = () => setTyped(true);
  const requestClose = () => (typed && !after ? setConfirming(true) : onClose());
  return (
    <Modal
      opened={opened}
      onClose={requestClose}
      title={title}
      size="xl"
      fullScreen={false}
      scrollAreaComponent={ScrollArea.Autosize}
    >
      {after ?? (
        <form onSubmit={onSubmit} onInput={markTyped} noValidate>
          <Stack gap="sm">
            <FormAlert message={alert} />
            {children}
            <Group justify="flex-end">
              <Button variant="default" onClick={requestClose}>
                {t("table.cancel")}
              </Button>
              <Button type="submit" loading={submitting}>
                {submitLabel ?? t("records.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t("records.discard.title")}
        size="sm"
        centered
      >
        <Stack gap="sm">
          <Text size="sm">{t("records.discard.text")}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t("records.discard.keep")}
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirming(false);
                setTyped(false);
                onClose();
              }}
            >
              {t("records.discard.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Modal>
  );
}
