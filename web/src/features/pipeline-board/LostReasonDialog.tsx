import { Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";

interface LostReasonDialogProps {
  dealTitle: string | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}

/** Dropping a deal on a "lost" stage needs a reason; cancelling leaves the deal where it was. */
export function LostReasonDialog({ dealTitle, onCancel, onConfirm }: LostReasonDialogProps) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { reason: "" },
    validate: { reason: (value) => (value.trim() ? null : t("validation.required")) },
  });
  return (
    <Modal
      opened={dealTitle !== null}
      onClose={onCancel}
      title={t("board.lostTitle", { title: dealTitle ?? "" })}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          onConfirm(values.reason.trim());
          form.reset();
        })}
      >
        <Stack>
          <Textarea
            label={t("board.lostReason")}
            description={t("board.lostReasonHint")}
            required
            rows={3}
            maxLength={500}
            data-autofocus
            {...form.getInputProps("reason")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color="red">
              {t("board.markLost")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
