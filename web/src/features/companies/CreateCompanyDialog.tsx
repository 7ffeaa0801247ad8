import { Group, MultiSelect, Select, SimpleGrid, TagsInput, TextInput } from "@mantine/core";
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

type Body = NonNullable<paths["/api/v1/companies"]["post"]["requestBody"]>["content"]["application/json"];
const TYPES = ["customer", "prospect", "supplier", "partner", "other"] as const;
const TAX_KINDS = ["INN", "KPP", "OGRN", "PIB", "MB", "BIN", "IIN", "VAT", "other"] as const;
const PHONE_KINDS = ["work", "mobile", "home", "fax", "other"] as const;
const EMAIL_KINDS = ["work", "personal", "billing", "other"] as const;
const ADDRESS_KINDS = ["legal", "actual", "postal", "billing", "shipping", "other"] as const;

const initialValues = {
  name: "",
  legalName: "",
  types: [] as string[],
  taxIds: [] as { kind: string; value: string }[],
  phones: [] as { kind: string; raw: string }[],
  emails: [] as { kind: string; value: string }[],
  website: "",
  addresses: [] as { kind: string; country: string; city: string; street: string; postalCode: string }[],
  industry: "",
  source: "",
  tags: [] as string[],
  ownerId: null as string | null,
  parentCompanyId: null as string | null,
  custom: {} as Record<string, unknown>,
};

const orNull = (v: string) => (v.trim() ? v.trim() : null);

function toBody(v: typeof initialValues): Body {
  return {
    name: v.name.trim(),
    legalName: orNull(v.legalName),
    types: v.types as Body["types"],
    taxIds: v.taxIds.filter((x) => x.value.trim()) as Body["taxIds"],
    phones: v.phones.filter((x) => x.raw.trim()) as Body["phones"],
    emails: v.emails.filter((x) => x.value.trim()) as Body["emails"],
    website: orNull(v.website),
    addresses: v.addresses
      .filter((a) => a.city.trim() || a.street.trim())
      .map((a) => ({ ...a, country: orNull(a.country.toUpperCase()) })) as Body["addresses"],
    industry: orNull(v.industry),
    source: orNull(v.source),
    tags: v.tags,
    ...(v.ownerId ? { ownerId: v.ownerId } : {}),
    parentCompanyId: v.parentCompanyId,
    custom: compactCustom(v.custom),
  };
}

/** What the duplicate check compares while the form is filled in (the first address gives city and country). */
function companyCandidate(v: typeof initialValues) {
  const address = v.addresses.find((a) => a.city.trim()) ?? v.addresses[0];
  return checkableCandidate({
    name: v.name,
    city: address?.city ?? null,
    country: address?.country ?? null,
    phones: v.phones.map((phone) => phone.raw),
    emails: v.emails.map((email) => email.value),
    taxIds: v.taxIds,
  });
}

export function CreateCompanyDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { active } = useUsers();
  const [alert, setAlert] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<{ id: string; matches: DuplicateMatch[] } | null>(null);
  const form = useForm({
    initialValues,
    validate: { name: (v) => (v.trim() ? null : t("table.validation.required")) },
  });
  const kinds = (list: readonly string[], prefix: string) =>
    list.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));

  const submit = form.onSubmit(async (values) => {
    setAlert(null);
    try {
      const created = await unwrap(api.POST("/api/v1/companies", { body: toBody(values) }));
      await client.invalidateQueries({ queryKey: listKey("companies") });
      const matches = created.warnings.flatMap((w) => w.matches);
      if (matches.length > 0) setDuplicates({ id: created.id, matches });
      else {
        onClose();
        await navigate({ to: "/companies/$id", params: { id: created.id } });
      }
    } catch (error) {
      setAlert(applyProblemToForm(form, error, t));
    }
  });
  const list = <K extends "taxIds" | "phones" | "emails" | "addresses">(key: K) => form.getValues()[key];

  return (
    <CreateDialog
      opened
      title={t("companies.create")}
      onClose={onClose}
      onSubmit={submit}
      submitting={form.submitting}
      alert={alert}
      after={
        duplicates ? (
          <DuplicateWarning
            entity="companies"
            createdId={duplicates.id}
            matches={duplicates.matches}
            onClose={onClose}
          />
        ) : undefined
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t("fields.companies.name")}
          required
          data-autofocus
          {...form.getInputProps("name")}
        />
        <TextInput label={t("fields.companies.legalName")} {...form.getInputProps("legalName")} />
        <MultiSelect
          label={t("fields.companies.types")}
          data={kinds(TYPES, "options.types")}
          {...form.getInputProps("types")}
        />
        <TextInput label={t("fields.companies.website")} {...form.getInputProps("website")} />
        <TextInput label={t("fields.companies.industry")} {...form.getInputProps("industry")} />
        <TextInput label={t("fields.companies.source")} {...form.getInputProps("source")} />
        <Select
          label={t("fields.companies.ownerId")}
          searchable
          clearable
          data={active.map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps("ownerId")}
        />
        <RecordPicker
          entity="companies"
          label={t("fields.companies.parentCompanyId")}
          {...form.getInputProps("parentCompanyId")}
        />
      </SimpleGrid>
      <TagsInput label={t("fields.companies.tags")} {...form.getInputProps("tags")} />
      <RepeatedRows
        label={t("records.taxIds")}
        items={list("taxIds")}
        onAdd={() => form.insertListItem("taxIds", { kind: "VAT", value: "" })}
        onRemove={(i) => form.removeListItem("taxIds", i)}
        render={(_, i) => (
          <Group gap="xs" grow>
            <Select
              aria-label={t("records.kind")}
              data={[...TAX_KINDS]}
              {...form.getInputProps(`taxIds.${i}.kind`)}
            />
            <TextInput aria-label={t("records.value")} {...form.getInputProps(`taxIds.${i}.value`)} />
          </Group>
        )}
      />
      <RepeatedRows
        label={t("records.phones")}
        items={list("phones")}
        onAdd={() => form.insertListItem("phones", { kind: "work", raw: "" })}
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
        items={list("emails")}
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
      <DuplicateHint entity="companies" candidate={companyCandidate(form.getValues())} />
      <RepeatedRows
        label={t("records.addresses")}
        items={list("addresses")}
        onAdd={() =>
          form.insertListItem("addresses", {
            kind: "actual",
            country: "",
            city: "",
            street: "",
            postalCode: "",
          })
        }
        onRemove={(i) => form.removeListItem("addresses", i)}
        render={(_, i) => (
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
            <Select
              aria-label={t("records.kind")}
              data={kinds(ADDRESS_KINDS, "options.kinds")}
              {...form.getInputProps(`addresses.${i}.kind`)}
            />
            <TextInput
              aria-label={t("records.country")}
              placeholder={t("records.country")}
              maxLength={2}
              {...form.getInputProps(`addresses.${i}.country`)}
            />
            <TextInput
              aria-label={t("records.city")}
              placeholder={t("records.city")}
              {...form.getInputProps(`addresses.${i}.city`)}
            />
            <TextInput
              aria-label={t("records.street")}
              placeholder={t("records.street")}
              {...form.getInputProps(`addresses.${i}.street`)}
            />
            <TextInput
              aria-label={t("records.postalCode")}
              placeholder={t("records.postalCode")}
              {...form.getInputProps(`addresses.${i}.postalCode`)}
            />
          </SimpleGrid>
        )}
      />
      <CustomFieldInputs
        entity="companies"
        values={form.getValues().custom}
        onChange={(v) => form.setFieldValue("custom", v)}
        errors={form.errors as Record<string, string>}
      />
    </CreateDialog>
  );
}
