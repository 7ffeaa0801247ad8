import { Button, Group, Modal, SegmentedControl, Stack, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import type { Task } from "./types";

export const CALL_OUTCOMES = ["reached", "noAnswer", "busy", "voicemail", "wrongNumber"] as const;

interface LogCallDialogProps {
  task: Task | null;
  onClose: () => void;
  /** `outcome` is the code the server stores (`reached`, `noAnswer`, …). */
  onSubmit: (values: { outcome: string; note: string }) => Promise<unknown>;
}

/** Outcome + note → logs a call activity and completes the task. */
export function LogCallDialog({ task, onClose, onSubmit }: LogCallDialogProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { outcome: "reached", note: "" } });
  const [pending, setPending] = useState(false);
  return (
    <Modal opened={task !== null} onClose={onClose} title={t("myDay.logCallTitle")}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          setPending(true);
          setFormError(null);
          try {
            await onSubmit({ outcome: values.outcome, note: values.note.trim() });
            form.reset();
            onClose();
          } catch (error) {
            setFormError(applyProblemToForm(form, error, t));
          } finally {
            setPending(false);
          }
        })}
      >
        <Stack>
          <Text size="sm" fw={500}>
            {task?.title}
          </Text>
          <FormAlert message={formError} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="call-outcome-label">
              {t("myDay.outcome")}
            </Text>
            <SegmentedControl
              aria-labelledby="call-outcome-label"
              orientation="vertical"
              fullWidth
              data={CALL_OUTCOMES.map((value) => ({ value, label: t(`myDay.outcomes.${value}`) }))}
              {...form.getInputProps("outcome")}
            />
          </Stack>
          <Textarea label={t("myDay.note")} rows={3} maxLength={20_000} {...form.getInputProps("note")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={pending}>
              {t("myDay.logCallSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
