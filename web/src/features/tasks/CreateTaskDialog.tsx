import { Select, SimpleGrid, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { enumOptions } from "../../i18n/enumLabel";
import { DateTimeField } from "../../ui/dates/DateTimeField";
import { useProfileTimeZone } from "../../ui/dates/useProfileTimeZone";
import { applyProblemToForm } from "../../ui/formErrors";
import { useAssignableUsers } from "../records";
import { CreateDialog } from "../records/index.dialog";
import { useTaskTypeOptions } from "./taskTypes";

export interface TaskLink {
  entity: "companies" | "contacts" | "deals";
  id: string;
}

/** A task's type: a built-in one or the key of a type an administrator added. */
export type TaskType = string;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** A new meeting's length until the user types another one. */
const MEETING_MINUTES = "60";

export function CreateTaskDialog({
  onClose,
  link,
  type,
  onCreated,
}: {
  onClose: () => void;
  link?: TaskLink;
  type?: string;
  /** Called with the new task's id after it is saved (the dialog closes itself). */
  onCreated?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  // Only the people the server lets this user make owners (the server refuses anyone else).
  const active = useAssignableUsers("tasks");
  const timeZone = useProfileTimeZone();
  // The active task types, an administrator's own ones by their names.
  const typeOptions = useTaskTypeOptions();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      title: "",
      type: type ?? "todo",
      priority: "normal",
      dueAt: null as string | null,
      durationMinutes: type === "meeting" ? MEETING_MINUTES : "",
      location: "",
      ownerId: null as string | null,
      description: "",
    },
    // A meeting shows on My day and the calendar only with a start time and a length (the server checks too).
    validate: {
      title: (v) => (v.trim() ? null : t("table.validation.required")),
      dueAt: (v, values) =>
        values.type === "meeting" && (!v || DATE_ONLY.test(v)) ? t("errors.meeting_start_required") : null,
      durationMinutes: (v, values) =>
        values.type === "meeting" && !(Number(v) > 0) ? t("errors.meeting_duration_required") : null,
    },
  });
  const meeting = form.getValues().type === "meeting";
  const typeInput = form.getInputProps("type");
  const submit = form.onSubmit(async (v) => {
    setAlert(null);
    try {
      const created = await unwrap(
        api.POST("/api/v1/tasks", {
          body: {
            title: v.title.trim(),
            type: v.type,
            priority: v.priority as (typeof PRIORITIES)[number],
            dueAt: v.dueAt || null,
            ...(timeZone ? { timeZone } : {}),
            durationMinutes: v.durationMinutes ? Number(v.durationMinutes) : null,
            location: v.location.trim() || null,
            ...(v.ownerId ? { ownerId: v.ownerId } : {}),
            ...(v.description.trim() ? { description: v.description } : {}),
            ...(link ? { links: [link] } : {}),
          },
        }),
      );
      await client.invalidateQueries({ queryKey: ["records", "tasks"] });
      await client.invalidateQueries({ queryKey: ["timeline"] });
      await client.invalidateQueries({ queryKey: ["my-day"] });
      onClose();
      onCreated?.(created.id);
    } catch (error) {
      setAlert(applyProblemToForm(form, error, t));
    }
  });
  return (
    <CreateDialog
      opened
      title={t("tasks.create")}
      onClose={onClose}
      onSubmit={submit}
      submitting={form.submitting}
      alert={alert}
    >
      <TextInput label={t("fields.tasks.title")} required data-autofocus {...form.getInputProps("title")} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t("fields.tasks.type")}
          data={typeOptions}
          {...typeInput}
          onChange={(value) => {
            typeInput.onChange(value);
            if (value === "meeting" && !form.getValues().durationMinutes)
              form.setFieldValue("durationMinutes", MEETING_MINUTES);
          }}
        />
        <Select
          label={t("fields.tasks.priority")}
          data={enumOptions(t, "priority", PRIORITIES)}
          {...form.getInputProps("priority")}
        />
        <DateTimeField
          label={t("fields.tasks.dueAt")}
          timeZone={timeZone}
          allowDateOnly={!meeting}
          required={meeting}
          value={form.getValues().dueAt}
          onChange={(value) => form.setFieldValue("dueAt", value)}
          error={form.errors.dueAt}
        />
        <TextInput
          label={t("tasks.duration")}
          inputMode="numeric"
          required={meeting}
          {...form.getInputProps("durationMinutes")}
        />
        <TextInput label={t("tasks.location")} {...form.getInputProps("location")} />
        <Select
          label={t("fields.tasks.ownerId")}
          searchable
          clearable
          data={active.map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps("ownerId")}
        />
      </SimpleGrid>
      <Textarea
        label={t("fields.tasks.description")}
        autosize
        minRows={2}
        {...form.getInputProps("description")}
      />
    </CreateDialog>
  );
}
