import { Select, SimpleGrid, TagsInput, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { DateField } from "../../ui/dates/DateField";
import { applyProblemToForm } from "../../ui/formErrors";
import { AmountInput } from "../../ui/money/AmountInput";
import { CURRENCIES } from "../../ui/money/currencies";
import { listKey, useAssignableUsers, usePipelines } from "../records";
import { CustomFieldInputs, compactCustom } from "../records/index.custom";
import { CreateDialog } from "../records/index.dialog";
import { RecordPicker } from "../records/index.picker";

const MONEY = /^\d{1,13}(\.\d{1,2})?$/;

const defaultCurrencyQuery = {
  queryKey: ["settings", "default-currency"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/default-currency")),
  staleTime: 5 * 60_000,
};

/** The primary (else first) company of a contact, to prefill a deal created from the contact. */
async function contactCompany(contactId: string): Promise<string | null> {
  const contact = await unwrap(api.GET("/api/v1/contacts/{id}", { params: { path: { id: contactId } } }));
  const companies = contact.companies ?? [];
  return (companies.find((c) => c.isPrimary) ?? companies[0])?.companyId ?? null;
}

export function CreateDealDialog({
  onClose,
  companyId,
  contactId,
}: {
  onClose: () => void;
  companyId?: string;
  contactId?: string;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  // Only the people the server lets this user make owners (the server refuses anyone else).
  const active = useAssignableUsers("deals");
  const pipelines = usePipelines();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      title: "",
      companyId: companyId ?? (null as string | null),
      contactId: contactId ?? (null as string | null),
      amount: null as string | null,
      currency: null as string | null,
      pipelineId: null as string | null,
      stageId: null as string | null,
      expectedCloseDate: null as string | null,
      ownerId: null as string | null,
      tags: [] as string[],
      custom: {} as Record<string, unknown>,
    },
    validate: {
      title: (v) => (v.trim() ? null : t("table.validation.required")),
      amount: (v) => (!v || MONEY.test(v) ? null : t("table.validation.money")),
    },
  });
  const values = form.getValues();
  const defaultCurrency = useQuery(defaultCurrencyQuery).data?.currency;
  const currencies =
    defaultCurrency && !CURRENCIES.includes(defaultCurrency) ? [defaultCurrency, ...CURRENCIES] : CURRENCIES;
  // The workspace's currency, unless the user has already picked one.
  useEffect(() => {
    if (defaultCurrency && !form.getValues().currency) form.setFieldValue("currency", defaultCurrency);
  }, [defaultCurrency, form]);
  // A deal started from a contact is about the contact's company too (unless one is already chosen).
  const chosenContact = values.contactId;
  useEffect(() => {
    if (!chosenContact || form.getValues().companyId) return;
    let live = true;
    contactCompany(chosenContact).then(
      (company) => {
        if (live && company && !form.getValues().companyId) form.setFieldValue("companyId", company);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [chosenContact, form]);
  const pipeline =
    pipelines.find((p) => p.id === values.pipelineId) ?? pipelines.find((p) => p.isDefault) ?? pipelines[0];
  const submit = form.onSubmit(async (v) => {
    setAlert(null);
    const amount = v.amount ?? "";
    try {
      const created = await unwrap(
        api.POST("/api/v1/deals", {
          body: {
            title: v.title.trim(),
            companyId: v.companyId,
            contactId: v.contactId,
            amount: amount || null,
            currency: amount ? (v.currency ?? defaultCurrency ?? null) : null,
            ...(v.pipelineId ? { pipelineId: v.pipelineId } : {}),
            ...(v.stageId ? { stageId: v.stageId } : {}),
            expectedCloseDate: v.expectedCloseDate,
            ...(v.ownerId ? { ownerId: v.ownerId } : {}),
            tags: v.tags,
            custom: compactCustom(v.custom),
          },
        }),
      );
      await client.invalidateQueries({ queryKey: listKey("deals") });
      onClose();
      await navigate({ to: "/deals/$id", params: { id: created.id } });
    } catch (error) {
      setAlert(applyProblemToForm(form, error, t));
    }
  });
  return (
    <CreateDialog
      opened
      title={t("deals.create")}
      onClose={onClose}
      onSubmit={submit}
      submitting={form.submitting}
      alert={alert}
    >
      <TextInput label={t("fields.deals.title")} required data-autofocus {...form.getInputProps("title")} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <RecordPicker
          entity="companies"
          label={t("fields.deals.companyId")}
          {...form.getInputProps("companyId")}
        />
        <RecordPicker
          entity="contacts"
          label={t("fields.deals.contactId")}
          {...form.getInputProps("contactId")}
        />
        <AmountInput
          label={t("fields.deals.amount")}
          value={values.amount}
          onChange={(amount) => form.setFieldValue("amount", amount)}
          error={form.errors.amount}
        />
        <Select
          label={t("fields.deals.currency")}
          data={currencies}
          searchable
          {...form.getInputProps("currency")}
        />
        <Select
          label={t("fields.deals.pipelineId")}
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={pipeline?.id ?? null}
          onChange={(id) => {
            form.setFieldValue("pipelineId", id);
            form.setFieldValue("stageId", null);
          }}
        />
        <Select
          label={t("fields.deals.stageId")}
          data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }))}
          placeholder={pipeline?.stages[0]?.name}
          clearable
          {...form.getInputProps("stageId")}
        />
        <DateField
          label={t("fields.deals.expectedCloseDate")}
          value={values.expectedCloseDate}
          onChange={(date) => form.setFieldValue("expectedCloseDate", date)}
          error={form.errors.expectedCloseDate}
        />
        <Select
          label={t("fields.deals.ownerId")}
          searchable
          clearable
          data={active.map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps("ownerId")}
        />
      </SimpleGrid>
      <TagsInput label={t("fields.deals.tags")} {...form.getInputProps("tags")} />
      <CustomFieldInputs
        entity="deals"
        values={values.custom}
        onChange={(v) => form.setFieldValue("custom", v)}
        errors={form.errors as Record<string, string>}
      />
    </CreateDialog>
  );
}
