import { Button, Card, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { CURRENCIES } from "../../deals/DealMoney";
import { defaultCurrencyQuery } from "../api";
import { RowsSkeleton } from "../common";
import { useSettingsForm } from "../useSettingsForm";

type DefaultCurrency = { currency: string };

/** The currency new deals and prices start with; offers the deal form's currencies (plus a stored other one). */
export function DefaultCurrencyForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<DefaultCurrency>({ initialValues: { currency: "" } });
  const { settings, save, alert, submit } = useSettingsForm(
    defaultCurrencyQuery,
    form,
    (values) => unwrap(api.PUT("/api/v1/settings/default-currency", { body: values })),
    () => queryClient.invalidateQueries({ queryKey: defaultCurrencyQuery.queryKey }),
  );
  const stored = settings.data?.currency;
  const options = stored && !CURRENCIES.includes(stored) ? [stored, ...CURRENCIES] : CURRENCIES;
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t("settings.defaultCurrency.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("settings.defaultCurrency.hint")}
          </Text>
          <FormAlert message={alert} />
          {settings.isPending ? (
            <RowsSkeleton rows={1} height={36} />
          ) : (
            <Select
              label={t("settings.defaultCurrency.label")}
              data={options}
              allowDeselect={false}
              maw={200}
              {...form.getInputProps("currency")}
            />
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!settings.data}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
