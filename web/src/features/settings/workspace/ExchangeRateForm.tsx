import { Button, Group, Select } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isDecimalString } from "../../../i18n/format";
import { DateField } from "../../../ui/dates/DateField";
import { FormAlert } from "../../../ui/FormAlert";
import { applyProblemToForm } from "../../../ui/formErrors";
import { AmountInput } from "../../../ui/money/AmountInput";
import { notifySaved } from "../common";
import { currencyOptions, type RateInput, setRate } from "./exchangeRatesApi";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
export const RATE_DECIMALS = 10;

/** Add or edit one day's rate: currency, the day it applies from, the rate typed in the user's locale. */
export function ExchangeRateForm(props: {
  base: string;
  initial: RateInput;
  editing: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<RateInput>({
    initialValues: props.initial,
    validate: {
      currency: (value) => (value ? null : t("settings.exchangeRates.currencyRequired")),
      effectiveOn: (value) => (ISO_DAY.test(value) ? null : t("settings.exchangeRates.dayRequired")),
      rate: (value) =>
        isDecimalString(value) && /[1-9]/.test(value) && !value.startsWith("-")
          ? null
          : t("settings.exchangeRates.ratePositive"),
    },
  });
  const save = useMutation({
    mutationFn: setRate,
    onSuccess: async () => {
      notifySaved(t);
      // The currency stays chosen (the next day's rate is often next); the rate is typed anew.
      form.setFieldValue("rate", "");
      props.onDone();
      await queryClient.invalidateQueries({ queryKey: ["settings", "default-currency", "exchange-rates"] });
      await queryClient.invalidateQueries({ queryKey: ["pipelines"] });
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setAlert(null);
        save.mutate(values);
      })}
    >
      <FormAlert message={alert} />
      <Group align="flex-start" gap="sm" wrap="wrap">
        <Select
          label={t("settings.exchangeRates.currency")}
          data={currencyOptions(props.base)}
          searchable
          limit={50}
          allowDeselect={false}
          disabled={props.editing}
          w={{ base: "100%", xs: 120 }}
          {...form.getInputProps("currency")}
        />
        <DateField
          label={t("settings.exchangeRates.effectiveOn")}
          disabled={props.editing}
          value={form.values.effectiveOn}
          onChange={(value) => form.setFieldValue("effectiveOn", value ?? "")}
          error={form.errors.effectiveOn}
        />
        <AmountInput
          label={t("settings.exchangeRates.rate", {
            currency: form.values.currency || "…",
            base: props.base,
          })}
          maxDecimals={RATE_DECIMALS}
          value={form.values.rate}
          onChange={(value) => form.setFieldValue("rate", value ?? "")}
          error={form.errors.rate}
        />
      </Group>
      <Group justify="flex-end" gap="xs" mt="sm">
        {props.editing ? (
          <Button variant="default" onClick={props.onDone}>
            {t("common.cancel")}
          </Button>
        ) : null}
        <Button type="submit" loading={save.isPending}>
          {props.editing ? t("common.save") : t("settings.exchangeRates.add")}
        </Button>
      </Group>
    </form>
  );
}
