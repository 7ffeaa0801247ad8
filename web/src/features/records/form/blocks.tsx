import { Checkbox, Group, Select, SimpleGrid, Textarea, TextInput } from "@mantine/core";
import type { TFunction } from "i18next";
import { RecordPicker } from "../RecordPicker";
import { RepeatedRows } from "../RepeatedRows";
import type { FormBlock, RecordForm } from "./spec";

// Structured values shared by the entities' forms: each block edits one body field in its own shape.

const PHONE_KINDS = ["work", "mobile", "home", "fax", "other"] as const;
const EMAIL_KINDS = ["work", "personal", "billing", "other"] as const;
const TAX_KINDS = ["INN", "KPP", "OGRN", "PIB", "MB", "BIN", "IIN", "VAT", "other"] as const;
const ADDRESS_KINDS = ["legal", "actual", "postal", "billing", "shipping", "other"] as const;
const MESSENGERS = ["telegram", "whatsapp", "viber", "signal", "other"] as const;

type Row = Record<string, unknown>;
const rows = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);
const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const orNull = (value: unknown) => text(value) || null;
const kinds = (t: TFunction, list: readonly string[], prefix: string) =>
  list.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));

/** Kind + one text per row (phones, e-mails, tax ids, messengers). */
function kindRows(options: {
  key: string;
  label: string;
  valueKey: string;
  valueLabel: string;
  kinds: readonly string[];
  kindPrefix?: string;
  defaultKind: string;
  inputType?: string;
}): FormBlock {
  const { key, valueKey } = options;
  return {
    key,
    initial: () => [],
    fromRecord: (record) =>
      rows(record[key]).map((row) => ({
        kind: row.kind ?? options.defaultKind,
        [valueKey]: row[valueKey] ?? "",
      })),
    toBody: (value) => ({ [key]: rows(value).filter((row) => text(row[valueKey])) }),
    render: (form: RecordForm, t: TFunction) => (
      <RepeatedRows
        label={t(options.label)}
        items={rows(form.getValues()[key])}
        onAdd={() => form.insertListItem(key, { kind: options.defaultKind, [valueKey]: "" })}
        onRemove={(i) => form.removeListItem(key, i)}
        render={(_, i) => (
          <Group gap="xs" grow>
            <Select
              aria-label={t("records.kind")}
              data={options.kindPrefix ? kinds(t, options.kinds, options.kindPrefix) : [...options.kinds]}
              {...form.getInputProps(`${key}.${i}.kind`)}
            />
            <TextInput
              aria-label={t(options.valueLabel)}
              type={options.inputType}
              {...form.getInputProps(`${key}.${i}.${valueKey}`)}
            />
          </Group>
        )}
      />
    ),
  };
}

export const phonesBlock = (defaultKind = "work") =>
  kindRows({
    key: "phones",
    label: "records.phones",
    valueKey: "raw",
    valueLabel: "records.phone",
    kinds: PHONE_KINDS,
    kindPrefix: "options.kinds",
    defaultKind,
    inputType: "tel",
  });

export const emailsBlock = () =>
  kindRows({
    key: "emails",
    label: "records.emails",
    valueKey: "value",
    valueLabel: "records.email",
    kinds: EMAIL_KINDS,
    kindPrefix: "options.kinds",
    defaultKind: "work",
    inputType: "email",
  });

export const taxIdsBlock = () =>
  kindRows({
    key: "taxIds",
    label: "records.taxIds",
    valueKey: "value",
    valueLabel: "records.value",
    kinds: TAX_KINDS,
    defaultKind: "VAT",
  });

export const messengersBlock = () =>
  kindRows({
    key: "messengers",
    label: "records.messengers",
    valueKey: "handle",
    valueLabel: "records.handle",
    kinds: MESSENGERS,
    kindPrefix: "options.preferredChannel",
    defaultKind: "telegram",
  });

const ADDRESS_PARTS = ["country", "city", "street", "postalCode"] as const;

export const addressesBlock = (): FormBlock => ({
  key: "addresses",
  initial: () => [],
  fromRecord: (record) =>
    rows(record.addresses).map((a) => ({
      kind: a.kind ?? "actual",
      ...Object.fromEntries(ADDRESS_PARTS.map((part) => [part, a[part] ?? ""])),
    })),
  toBody: (value) => ({
    addresses: rows(value)
      .filter((a) => text(a.city) || text(a.street))
      .map((a) => ({ ...a, country: orNull(text(a.country).toUpperCase()) })),
  }),
  render: (form, t) => (
    <RepeatedRows
      label={t("records.addresses")}
      items={rows(form.getValues().addresses)}
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
            data={kinds(t, ADDRESS_KINDS, "options.kinds")}
            {...form.getInputProps(`addresses.${i}.kind`)}
          />
          {ADDRESS_PARTS.map((part) => (
            <TextInput
              key={part}
              aria-label={t(`records.${part}`)}
              placeholder={t(`records.${part}`)}
              maxLength={part === "country" ? 2 : undefined}
              {...form.getInputProps(`addresses.${i}.${part}`)}
            />
          ))}
        </SimpleGrid>
      )}
    />
  ),
});

/** A contact's companies (role, primary). */
export const companyLinksBlock = (): FormBlock => ({
  key: "companies",
  initial: () => [],
  fromRecord: (record) =>
    rows(record.companies).map((c) => ({
      companyId: c.companyId ?? null,
      role: c.role ?? "",
      isPrimary: c.isPrimary === true,
    })),
  toBody: (value) => ({
    companies: rows(value)
      .filter((c) => c.companyId)
      .map((c) => ({ companyId: c.companyId, role: orNull(c.role), isPrimary: c.isPrimary === true })),
  }),
  render: (form, t) => {
    const items = rows(form.getValues().companies);
    return (
      <RepeatedRows
        label={t("records.companies")}
        items={items}
        onAdd={() =>
          form.insertListItem("companies", { companyId: null, role: "", isPrimary: items.length === 0 })
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
    );
  },
});

type Consent = { emailMarketing: boolean; smsMarketing: boolean };
const granted = (record: AnyConsent, kind: keyof Consent) => record?.[kind]?.granted === true;
type AnyConsent = Partial<Record<keyof Consent, { granted?: boolean }>> | undefined;

/** Marketing consent; a granted consent is stamped now, by hand. */
export const consentBlock = (): FormBlock => ({
  key: "consent",
  initial: (): Consent => ({ emailMarketing: false, smsMarketing: false }),
  fromRecord: (record) => ({
    emailMarketing: granted(record.consent as AnyConsent, "emailMarketing"),
    smsMarketing: granted(record.consent as AnyConsent, "smsMarketing"),
  }),
  toBody: (value) => {
    const consent = value as Consent;
    const now = new Date().toISOString();
    const one = (on: boolean) => ({ granted: on, at: on ? now : null, origin: "manual" });
    return {
      consent: { emailMarketing: one(consent.emailMarketing), smsMarketing: one(consent.smsMarketing) },
    };
  },
  render: (form, t) => (
    <Group gap="lg">
      <Checkbox
        label={t("records.consentEmail")}
        {...form.getInputProps("consent.emailMarketing", { type: "checkbox" })}
      />
      <Checkbox
        label={t("records.consentSms")}
        {...form.getInputProps("consent.smsMarketing", { type: "checkbox" })}
      />
    </Group>
  ),
});

/** Free-text notes (a body field without filter metadata). */
export const notesBlock = (): FormBlock => ({
  key: "notes",
  initial: () => "",
  fromRecord: (record) => (typeof record.notes === "string" ? record.notes : ""),
  toBody: (value) => ({ notes: orNull(value) }),
  render: (form, t) => (
    <Textarea label={t("records.notes")} autosize minRows={2} {...form.getInputProps("notes")} />
  ),
});
