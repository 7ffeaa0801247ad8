import { Select, SimpleGrid, TagsInput, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { applyProblemToForm } from "../../ui/formErrors";
import { CreateDialog } from "../records/CreateDialog";
import { CustomFieldInputs, compactCustom } from "../records/CustomFieldInputs";
import { usePipelines, useUsers } from "../records/lookups";
import { RecordPicker } from "../records/RecordPicker";
import { listKey } from "../records/useRecordList";

const CURRENCIES = ["RUB", "RSD", "KZT", "EUR", "USD"];
const MONEY = /^\d{1,13}(\.\d{1,2})?$/;

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
  const { active } = useUsers();
  const pipelines = usePipelines();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      title: "",
      companyId: companyId ?? (null as string | null),
      contactId: contactId ?? (null as string | null),
      amount: "",
      currency: "EUR" as string | null,
      pipelineId: null as string | null,
      stageId: null as string | null,
      expectedCloseDate: null as string | null,
      ownerId: null as string | null,
      tags: [] as string[],
      custom: {} as Record<string, unknown>,
    },
    validate: {
      title: (v) => (v.trim() ? null : t("table.validation.required")),
      amount: (v) =>
        !v.trim() || MONEY.test(v.trim().replace(",", ".")) ? null : t("table.validation.money"),
    },
  });
  const values = form.getValues();
  const pipeline =
    pipelines.find((p) => p.id === values.pipelineId) ?? pipelines.find((p) => p.isDefault) ?? pipelines[0];
  const submit = form.onSubmit(async (v) => {
    setAlert(null);
    const amount = v.amount.trim().replace(",", ".");
    try {
      const created = await unwrap(
        api.POST("/api/v1/deals", {
          body: {
            title: v.title.trim(),
            companyId: v.companyId,
            contactId: v.contactId,
            amount: amount || null,
            currency: amount ? v.currency : null,
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
        <TextInput label={t("fields.deals.amount")} inputMode="decimal" {...form.getInputProps("amount")} />
        <Select
          label={t("fields.deals.currency")}
          data={CURRENCIES}
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
        <DateInput
          label={t("fields.deals.expectedCloseDate")}
          clearable
          valueFormat="YYYY-MM-DD"
          {...form.getInputProps("expectedCloseDate")}
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
