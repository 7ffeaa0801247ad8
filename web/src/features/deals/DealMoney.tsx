import { ActionIcon, Autocomplete, Button, Group, Popover, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { applyProblemToForm } from "../../ui/formErrors";
import { CURRENCIES } from "../../ui/money/currencies";
import type { AnyRecord } from "../records";
import type { FieldAccess } from "./useDealFieldAccess";

const MONEY = /^\d{1,13}(\.\d{1,2})?$/;
const CURRENCY = /^[A-Z]{3}$/;

const str = (value: unknown) => (typeof value === "string" ? value : "");

/** Normalizes what a user types: "1 234,5" → "1234.5"; "eur" → "EUR". */
export const normalizeAmount = (value: string) => value.replace(/[\s\u00a0]/g, "").replace(",", ".");
export const normalizeCurrency = (value: string) => value.trim().toUpperCase();

/** Client-side rules of the deals API: a decimal amount (≥ 0, 2 decimals) needs an ISO 4217 currency. */
export function validateMoney(amount: string, currency: string): { amount?: string; currency?: string } {
  const errors: { amount?: string; currency?: string } = {};
  if (amount && !MONEY.test(amount)) errors.amount = "deals.money.invalidAmount";
  if (currency && !CURRENCY.test(currency)) errors.currency = "deals.money.invalidCurrency";
  else if (amount && !currency) errors.currency = "deals.money.currencyRequired";
  return errors;
}

interface DealMoneyProps {
  deal: AnyRecord;
  access: { amount: FieldAccess; currency: FieldAccess };
  onSave: (body: { amount: string | null; currency: string | null }) => Promise<void>;
}

/**
 * The deal's amount in the header. With write access to amount and currency a pencil opens a small
 * form; the client checks the format, the server's per-field refusals land next to the fields.
 */
export function DealMoney({ deal, access, onSave }: DealMoneyProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [opened, setOpened] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { amount: "", currency: "" },
    validate: (values) => {
      const errors = validateMoney(normalizeAmount(values.amount), normalizeCurrency(values.currency));
      return {
        amount: errors.amount ? t(errors.amount) : null,
        currency: errors.currency ? t(errors.currency) : null,
      };
    },
  });
  if (access.amount === "hidden") return null;
  const amount = str(deal.amount);
  const currency = str(deal.currency);
  const editable = access.amount === "write" && access.currency === "write";
  const shown = amount && currency ? format.money(amount, currency) : amount || null;

  const open = () => {
    form.setValues({ amount, currency: currency || (amount ? "" : "EUR") });
    form.clearErrors();
    setAlert(null);
    setOpened(true);
  };
  const submit = form.onSubmit(async (values) => {
    setAlert(null);
    const nextAmount = normalizeAmount(values.amount) || null;
    const nextCurrency = nextAmount ? normalizeCurrency(values.currency) || null : null;
    try {
      await onSave({ amount: nextAmount, currency: nextCurrency });
      setOpened(false);
    } catch (error) {
      setAlert(applyProblemToForm(form, error, t));
    }
  });

  const value = shown ? (
    <Text fw={600} size="lg">
      {shown}
    </Text>
  ) : (
    <Text c="dimmed" size="sm">
      {t("deals.money.none")}
    </Text>
  );
  if (!editable) return value;
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus withinPortal position="bottom-start" width={300}>
      <Popover.Target>
        <Group gap={4} wrap="nowrap">
          {value}
          <ActionIcon variant="subtle" size="sm" aria-label={t("deals.money.edit")} onClick={open}>
            <IconPencil size={14} />
          </ActionIcon>
        </Group>
      </Popover.Target>
      <Popover.Dropdown>
        <form noValidate onSubmit={submit} aria-label={t("deals.money.edit")}>
          <Stack gap="xs">
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                label={t("fields.deals.amount")}
                inputMode="decimal"
                data-autofocus
                style={{ flex: 1 }}
                {...form.getInputProps("amount")}
              />
              <Autocomplete
                label={t("fields.deals.currency")}
                data={CURRENCIES}
                w={96}
                maxLength={3}
                comboboxProps={{ withinPortal: false }}
                {...form.getInputProps("currency")}
              />
            </Group>
            {alert ? (
              <Text size="sm" c="red" role="alert">
                {alert}
              </Text>
            ) : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" size="xs" onClick={() => setOpened(false)}>
                {t("common.cancel")}
              </Button>
              <Button size="xs" type="submit" loading={form.submitting}>
                {t("common.save")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
