import { Button, Group, Modal, SegmentedControl, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import type { Visibility } from "./api";

export interface ViewDialogProps {
  opened: boolean;
  mode: "create" | "rename";
  initialName: string;
  initialVisibility: Visibility;
  onClose: () => void;
  onSubmit: (values: { name: string; visibility: Visibility }) => Promise<void>;
}

/** Name (and, for a new view, visibility) of a saved view. */
export function ViewDialog(props: ViewDialogProps) {
  const { t } = useTranslation();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: props.initialName, visibility: props.initialVisibility },
    validate: { name: (v) => (v.trim() ? null : t("table.validation.required")) },
  });
  const submit = form.onSubmit(async (values) => {
    setAlert(null);
    try {
      await props.onSubmit({ name: values.name.trim(), visibility: values.visibility });
      props.onClose();
    } catch (error) {
      setAlert(applyProblemToForm(form, error, t));
    }
  });
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.mode === "create" ? t("views.saveAs") : t("views.rename")}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={alert} />
          <TextInput label={t("views.name")} required data-autofocus {...form.getInputProps("name")} />
          {props.mode === "create" ? (
            <SegmentedControl
              aria-label={t("views.visibility")}
              data={(["private", "team", "everyone"] as const).map((v) => ({
                value: v,
                label: t(`views.sections.${v}`),
              }))}
              {...form.getInputProps("visibility")}
            />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t("table.cancel")}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t("table.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
