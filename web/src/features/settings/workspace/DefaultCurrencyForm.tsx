import { Select } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { CURRENCIES } from "../../../ui/money/currencies";
import { defaultCurrencyQuery } from "../api";
import { SettingsFormCard } from "../SettingsFormCard";
import { useSettingsForm } from "../useSettingsForm";

type DefaultCurrency = { currency: string };

/** The currency new deals and prices start with; offers the deal form's currencies (plus a stored other one). */
export function DefaultCurrencyForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<DefaultCurrency>({ initialValues: { currency: "" } });
  const state = useSettingsForm(
    defaultCurrencyQuery,
    form,
    (values) => unwrap(api.PUT("/api/v1/settings/default-currency", { body: values })),
    () => queryClient.invalidateQueries({ queryKey: defaultCurrencyQuery.queryKey }),
  );
  const stored = state.settings.data?.currency;
  const options = stored && !CURRENCIES.includes(stored) ? [stored, ...CURRENCIES] : CURRENCIES;
  return (
    <SettingsFormCard
      title={t("settings.defaultCurrency.title")}
      hint={t("settings.defaultCurrency.hint")}
      state={state}
    >
      <Select
        label={t("settings.defaultCurrency.label")}
        data={options}
        allowDeselect={false}
        maw={200}
        {...form.getInputProps("currency")}
      />
    </SettingsFormCard>
  );
}
