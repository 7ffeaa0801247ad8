import { Checkbox, Group, Select, SimpleGrid, TagsInput, Textarea, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { applyProblemToForm } from "../../ui/formErrors";
import { CreateDialog } from "../records/CreateDialog";
import { CustomFieldInputs, compactCustom } from "../records/CustomFieldInputs";
import { checkableCandidate, DuplicateHint } from "../records/DuplicateHint";
import { type DuplicateMatch, DuplicateWarning } from "../records/DuplicateWarning";
import { useUsers } from "../records/lookups";
import { RecordPicker } from "../records/RecordPicker";
import { RepeatedRows } from "../records/RepeatedRows";
import { listKey } from "../records/useRecordList";

type Body = NonNullable<paths["/api/v1/contacts"]["post"]["requestBody"]>["content"]["application/json"];
const PHONE_KINDS = ["work", "mobile", "home", "fax", "other"] as const;
const EMAIL_KINDS = ["work", "personal", "billing", "other"] as const;
const MESSENGERS = ["telegram", "whatsapp", "viber", "signal", "other"] as const;
const CHANNELS = ["phone", "email", "sms", "telegram", "whatsapp", "viber", "other"] as const;

const initialValues = {
  firstName: "",
  lastName: "",
  middleName: "",
  position: "",
  companies: [] as { companyId: string | null; role: string; isPrimary: boolean }[],
  phones: [] as { kind: string; raw: string }[],
  emails: [] as { kind: string; value: string }[],
  messengers: [] as { kind: string; handle: string }[],
  birthday: null as string | null,
  preferredChannel: null as string | null,
  source: "",
  notes: "",
  emailConsent: false,
  smsConsent: false,
  tags: [] as string[],
  ownerId: null as string | null,
  custom: {} as Record<string, unknown>,
};
const orNull = (v: string) => (v.trim() ? v.trim() : null);

function toBody(v: typeof initialValues): Body {
  const now = new Date().toISOString();
  return {
    firstName: orNull(v.firstName),
    lastName: orNull(v.lastName),
    middleName: orNull(v.middleName),
    position: orNull(v.position),
    companies: v.companies
      .filter((c) => c.companyId)
      .map((c) => ({ companyId: c.companyId ?? "", role: orNull(c.role), isPrimary: c.isPrimary })),
    phones: v.phones.filter((x) => x.raw.trim()) as Body["phones"],
    emails: v.emails.filter((x) => x.value.trim()) as Body["emails"],
    messengers: v.messengers.filter((x) => x.handle.trim()) as Body["messengers"],
    birthday: v.birthday,
    preferredChannel: v.preferredChannel as Body["preferredChannel"],
    source: orNull(v.source),
    notes: orNull(v.notes),
    consent: {
      emailMarketing: { granted: v.emailConsent, at: v.emailConsent ? now : null, origin: "manual" },
      smsMarketing: { granted: v.smsConsent, at: v.smsConsent ? now : null, origin: "manual" },
    },
    tags: v.tags,
    ...(v.ownerId ? { ownerId: v.ownerId } : {}),
    custom: compactCustom(v.custom),
  };
}

export function CreateContactDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { active } = useUsers();
  const [alert, setAlert] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<{ id: string; matches: DuplicateMatch[] } | null>(null);
  const form = useForm({
    initialValues,
    validate: {
      firstName: (v, all) => (v.trim() || all.lastName.trim() ? null : t("contacts.nameRequired")),
    },
  });
  const kinds = (list: readonly string[], prefix: string) =>
    list.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));
  const values = form.getValues();
  const submit = form.onSubmit(async (v) => {
    setAlert(null);
    try {
      const created = await unwrap(api.POST("/api/v1/contacts", { body: toBody(v) }));
      await client.invalidateQueries({ queryKey: listKey("contacts") });
      const matches = created.warnings.flatMap((w) => w.matches);
      if (matches.length > 0) setDuplicates({ id: created.id, matches });
      else {
        onClose();
        await navigate({ to: "/contacts/$id", params: { id: created.id } });
      }
    } catch (error) {
      setAlert(applyProblemToForm(form, error, t));
    }
  });
  return (
    <CreateDialog
      opened
      title={t("contacts.create")}
      onClose={onClose}
      onSubmit={submit}
      submitting={form.submitting}
      alert={alert}
      after={
        duplicates ? (
          <DuplicateWarning
            entity="contacts"
            createdId={duplicates.id}
            matches={duplicates.matches}
            onClose={onClose}
          />
        ) : undefined
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label={t("fields.contacts.firstName")}
          data-autofocus
          {...form.getInputProps("firstName")}
        />
        <TextInput label={t("fields.contacts.lastName")} {...form.getInputProps("lastName")} />
        <TextInput label={t("fields.contacts.middleName")} {...form.getInputProps("middleName")} />
        <TextInput label={t("fields.contacts.position")} {...form.getInputProps("position")} />
        <DateInput
          label={t("fields.contacts.birthday")}
          clearable
          valueFormat="YYYY-MM-DD"
          {...form.getInputProps("birthday")}
        />
        <Select
          label={t("fields.contacts.preferredChannel")}
          clearable
          data={kinds(CHANNELS, "options.preferredChannel")}
          {...form.getInputProps("preferredChannel")}
        />
        <TextInput label={t("fields.contacts.source")} {...form.getInputProps("source")} />
        <Select
          label={t("fields.contacts.ownerId")}
          searchable
          clearable
          data={active.map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps("ownerId")}
        />
      </SimpleGrid>
      <RepeatedRows
        label={t("records.companies")}
        items={values.companies}
        onAdd={() =>
          form.insertListItem("companies", {
            companyId: null,
            role: "",
            isPrimary: values.companies.length === 0,
          })
        }
        onRemove={(i) => form.removeListItem("companies", i)}
        render={(_, i) => (
          <Group gap="xs" grow align="flex-end">
            <RecordPicker
              entity="companies"
              label={t("records.company")}
              {...form.getInputProps(`companies.${i}.companyId`)}
            />
            <TextInput label={t("records.role")} {...form.getInputProps(`companies.${i}.role`)} />
            <Checkbox
              label={t("records.primary")}
              mb={8}
              {...form.getInputProps(`companies.${i}.isPrimary`, { type: "checkbox" })}
            />
          </Group>
        )}
      />
      <RepeatedRows
        label={t("records.phones")}
        items={values.phones}
        onAdd={() => form.insertListItem("phones", { kind: "mobile", raw: "" })}
        onRemove={(i) => form.removeListItem("phones", i)}
        render={(_, i) => (
          <Group gap="xs" grow>
            <Select
              aria-label={t("records.kind")}
              data={kinds(PHONE_KINDS, "options.kinds")}
              {...form.getInputProps(`phones.${i}.kind`)}
            />
            <TextInput
              aria-label={t("records.phone")}
              type="tel"
              {...form.getInputProps(`phones.${i}.raw`)}
            />
          </Group>
        )}
      />
      <RepeatedRows
        label={t("records.emails")}
        items={values.emails}
        onAdd={() => form.insertListItem("emails", { kind: "work", value: "" })}
        onRemove={(i) => form.removeListItem("emails", i)}
        render={(_, i) => (
          <Group gap="xs" grow>
            <Select
              aria-label={t("records.kind")}
              data={kinds(EMAIL_KINDS, "options.kinds")}
              {...form.getInputProps(`emails.${i}.kind`)}
            />
            <TextInput
              aria-label={t("records.email")}
              type="email"
              {...form.getInputProps(`emails.${i}.value`)}
            />
          </Group>
        )}
      />
      <DuplicateHint
        entity="contacts"
        candidate={checkableCandidate({
          firstName: values.firstName,
          middleName: values.middleName,
          lastName: values.lastName,
          phones: values.phones.map((phone) => phone.raw),
          emails: values.emails.map((email) => email.value),
        })}
      />
      <RepeatedRows
        label={t("records.messengers")}
        items={values.messengers}
        onAdd={() => form.insertListItem("messengers", { kind: "telegram", handle: "" })}
        onRemove={(i) => form.removeListItem("messengers", i)}
        render={(_, i) => (
          <Group gap="xs" grow>
            <Select
              aria-label={t("records.kind")}
              data={kinds(MESSENGERS, "options.preferredChannel")}
              {...form.getInputProps(`messengers.${i}.kind`)}
            />
            <TextInput aria-label={t("records.handle")} {...form.getInputProps(`messengers.${i}.handle`)} />
          </Group>
        )}
      />
      <Group gap="lg">
        <Checkbox
          label={t("records.consentEmail")}
          {...form.getInputProps("emailConsent", { type: "checkbox" })}
        />
        <Checkbox
          label={t("records.consentSms")}
          {...form.getInputProps("smsConsent", { type: "checkbox" })}
        />
      </Group>
      <TagsInput label={t("fields.contacts.tags")} {...form.getInputProps("tags")} />
      <Textarea label={t("records.notes")} autosize minRows={2} {...form.getInputProps("notes")} />
      <CustomFieldInputs
        entity="contacts"
        values={values.custom}
        onChange={(v) => form.setFieldValue("custom", v)}
        errors={form.errors as Record<string, string>}
      />
    </CreateDialog>
  );
}
