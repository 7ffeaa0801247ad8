import { Button, Group, Modal, Select, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";

interface LostReasonDialogProps {
  dealTitle: string | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}

const OTHER = "\u0000other";

const lostReasonsQuery = {
  queryKey: ["settings", "lost-reasons"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/lost-reasons")),
  staleTime: 5 * 60_000,
};

/**
 * Dropping a deal on a "lost" stage needs a reason: one of the workspace's list (Settings → Pipelines) or
 * "other" with free text (only free text while the list is empty); cancelling leaves the deal where it was.
 */
export function LostReasonDialog({ dealTitle, onCancel, onConfirm }: LostReasonDialogProps) {
  const { t } = useTranslation();
  const reasons = useQuery({ ...lostReasonsQuery, enabled: dealTitle !== null }).data?.reasons ?? [];
  const form = useForm({
    initialValues: { choice: null as string | null, reason: "" },
    validate: {
      choice: (value) => (reasons.length > 0 && !value ? t("validation.required") : null),
      reason: (value, values) =>
        (reasons.length === 0 || values.choice === OTHER) && !value.trim() ? t("validation.required") : null,
    },
  });
  const freeText = reasons.length === 0 || form.values.choice === OTHER;
  return (
    <Modal
      opened={dealTitle !== null}
      onClose={onCancel}
      title={t("board.lostTitle", { title: dealTitle ?? "" })}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          onConfirm(freeText ? values.reason.trim() : (values.choice ?? ""));
          form.reset();
        })}
      >
        <Stack>
          {reasons.length > 0 ? (
            <Select
              label={t("board.lostReason")}
              description={t("board.lostReasonHint")}
              required
              data={[
                ...reasons.map((reason) => ({ value: reason, label: reason })),
                { value: OTHER, label: t("board.lostReasonOther") },
              ]}
              data-autofocus
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps("choice")}
            />
          ) : null}
          {freeText ? (
            <Textarea
              label={reasons.length > 0 ? t("board.lostReasonOtherText") : t("board.lostReason")}
              description={reasons.length > 0 ? undefined : t("board.lostReasonHint")}
              required
              rows={3}
              maxLength={500}
              data-autofocus
              {...form.getInputProps("reason")}
            />
          ) : null}
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
