import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { instantOf } from "../../i18n/zoned";
import { DateField } from "../../ui/dates/DateField";
import { fromIsoDate, toIsoDate } from "../../ui/dates/dateMath";
import { parseTypedTime } from "../../ui/dates/parse";
import { useProfileTimeZone } from "../../ui/dates/useProfileTimeZone";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { required } from "../auth";
import { useTaskTypeOptions } from "../tasks";
import { createTask } from "./myDayApi";
import type { TaskCreateBody } from "./types";

export interface PlanTaskDefaults {
  title?: string;
  /** A built-in task type or the key of one an administrator added. */
  type?: string;
  /** Local date and optional minutes after midnight. */
  date: Date;
  minutes?: number;
  links?: TaskCreateBody["links"];
}

const pad = (value: number) => String(value).padStart(2, "0");
const timeOf = (minutes: number | undefined) =>
  minutes === undefined ? "" : `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** Creates a task or meeting (optionally linked to records) at a given day/time. */
export function PlanTaskDialog({
  defaults,
  onClose,
}: {
  defaults: PlanTaskDefaults | null;
  onClose: () => void;
}) {
  return defaults ? (
    <PlanTaskForm key={JSON.stringify(defaults)} defaults={defaults} onClose={onClose} />
  ) : null;
}

function PlanTaskForm({ defaults, onClose }: { defaults: PlanTaskDefaults; onClose: () => void }) {
  const { t } = useTranslation();
  const typeOptions = useTaskTypeOptions();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const profileZone = useProfileTimeZone();
  const form = useForm({
    initialValues: {
      title: defaults.title ?? "",
      type: defaults.type ?? "call",
      date: toIsoDate(defaults.date),
      time: timeOf(defaults.minutes),
    },
    validate: {
      title: required(t),
      date: (value) =>
        fromIsoDate(value)
          ? null
          : t(value ? "dates.invalid" : "validation.required", { pattern: t("dates.pattern") }),
      time: (value) => ("error" in parseTypedTime(value) ? t("dates.invalidTime") : null),
    },
  });
  const mutation = useMutation({
    mutationFn: (values: typeof form.values) => {
      const day = fromIsoDate(values.date) ?? defaults.date;
      const time = parseTypedTime(values.time);
      // The typed time is wall time in the user's profile zone, whatever zone the browser is in.
      const timeZone = profileZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
      const dueAt =
        "value" in time && time.value
          ? instantOf(
              { year: day.getFullYear(), month: day.getMonth() + 1, day: day.getDate(), ...time.value },
              timeZone,
            ).toISOString()
          : values.date;
      return createTask({
        title: values.title.trim(),
        type: values.type,
        dueAt,
        timeZone,
        ...(values.type === "meeting" && values.time ? { durationMinutes: 60 } : {}),
        ...(defaults.links?.length ? { links: defaults.links } : {}),
      });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["tasks"] });
      await queryClient.invalidateQueries({ queryKey: ["my-day"] });
      onClose();
    },
    onError: (error) => setFormError(applyProblemToForm(form, error, t)),
  });
  return (
    <Modal opened onClose={onClose} title={t("plan.title")}>
      <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values))}>
        <Stack>
          <FormAlert message={formError} />
          <TextInput label={t("plan.what")} required data-autofocus {...form.getInputProps("title")} />
          <Select
            label={t("plan.type")}
            data={typeOptions}
            allowDeselect={false}
            {...form.getInputProps("type")}
          />
          <Group grow>
            <DateField
              label={t("plan.date")}
              required
              value={form.getValues().date}
              onChange={(value) => form.setFieldValue("date", value ?? "")}
              error={form.errors.date}
            />
            <TextInput
              label={t("plan.time")}
              placeholder={t("dates.timePattern")}
              inputMode="numeric"
              {...form.getInputProps("time")}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t("plan.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
