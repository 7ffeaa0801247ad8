import { Group, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { RecordForm } from "../records";

const defaultCurrencyQuery = {
  queryKey: ["settings", "default-currency"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/default-currency")),
  staleTime: 30 * 60_000,
};

/** Price as the API takes it: a decimal string and an ISO currency (the workspace's unless changed). */
export function PriceInput({ form, label }: { form: RecordForm; label: string }) {
  const { t } = useTranslation();
  const fallback = useQuery(defaultCurrencyQuery).data?.currency;
  useEffect(() => {
    if (fallback && !form.getValues().priceCurrency) form.setFieldValue("priceCurrency", fallback);
  }, [fallback, form]);
  return (
    <Group gap="xs" grow align="flex-start">
      <TextInput
        label={label}
        required
        inputMode="decimal"
        {...form.getInputProps("priceAmount")}
        error={form.errors.priceAmount ?? form.errors["price.amount"] ?? form.errors.price}
      />
      <TextInput
        label={t("fields.products.priceCurrency")}
        maxLength={3}
        {...form.getInputProps("priceCurrency")}
        error={form.errors.priceCurrency ?? form.errors["price.currency"]}
      />
    </Group>
  );
}
