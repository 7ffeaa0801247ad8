import { ActionIcon, Badge, Button, Card, Group, Popover, Stack, Table, Text, Title } from "@mantine/core";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/useFormat";
import { typedDate } from "../../../ui/dates/parse";
import { todayIn } from "../../../ui/dates/today";
import { useProfileTimeZone } from "../../../ui/dates/useProfileTimeZone";
import { FormAlert } from "../../../ui/FormAlert";
import { notifyError, RowsSkeleton, settingsProblemMessage } from "../common";
import { ExchangeRateForm, RATE_DECIMALS } from "./ExchangeRateForm";
import {
  deleteRate,
  type ExchangeRate,
  exchangeRatesQuery,
  type RateInput,
  ratesInForce,
} from "./exchangeRatesApi";
import { RatesPaste } from "./RatesPaste";

/**
 * Settings → exchange rates against the workspace currency: every currency's history (the rate in force today
 * marked, later ones scheduled), add, edit, delete, and a pasted table.
 */
export function ExchangeRatesCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const today = todayIn(useProfileTimeZone());
  const rates = useInfiniteQuery(exchangeRatesQuery);
  const [editing, setEditing] = useState<RateInput | null>(null);
  const base = rates.data?.pages[0]?.baseCurrency;
  const items = rates.data?.pages.flatMap((page) => page.items) ?? [];
  const inForce = ratesInForce(items, today);
  const blank: RateInput = { currency: "", effectiveOn: today, rate: "" };
  const rateText = (r: ExchangeRate) =>
    t("settings.exchangeRates.rateValue", {
      currency: r.currency,
      value: format.number(r.rate, { maximumFractionDigits: RATE_DECIMALS }),
      base,
    });
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4}>{t("settings.exchangeRates.title")}</Title>
        <Text size="sm" c="dimmed">
          {t("settings.exchangeRates.hint", { base: base ?? "…" })}
        </Text>
        {rates.isError ? (
          <FormAlert message={settingsProblemMessage(t, rates.error)} />
        ) : rates.isPending || !base ? (
          <RowsSkeleton rows={2} />
        ) : (
          <>
            <ExchangeRateForm
              key={editing ? `${editing.currency}/${editing.effectiveOn}` : `new/${today}`}
              base={base}
              initial={editing ?? blank}
              editing={Boolean(editing)}
              onDone={() => setEditing(null)}
            />
            {items.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("settings.exchangeRates.empty")}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={420}>
                <Table striped aria-label={t("settings.exchangeRates.title")}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("settings.exchangeRates.currency")}</Table.Th>
                      <Table.Th>{t("settings.exchangeRates.effectiveOn")}</Table.Th>
                      <Table.Th>{t("settings.exchangeRates.rateColumn")}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((r) => (
                      <Table.Tr key={`${r.currency}/${r.effectiveOn}`} data-testid="rate-row">
                        <Table.Td>{r.currency}</Table.Td>
                        <Table.Td style={{ whiteSpace: "nowrap" }}>
                          {typedDate(r.effectiveOn, format.language)}{" "}
                          {inForce.has(r) ? (
                            <Badge size="xs" color="green" variant="light">
                              {t("settings.exchangeRates.inForce")}
                            </Badge>
                          ) : r.effectiveOn > today ? (
                            <Badge size="xs" variant="light">
                              {t("settings.exchangeRates.scheduled")}
                            </Badge>
                          ) : null}
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: "nowrap" }}>{rateText(r)}</Table.Td>
                        <Table.Td>
                          <RowActions rate={r} label={rateText(r)} onEdit={() => setEditing(r)} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {rates.hasNextPage ? (
              <Group>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  loading={rates.isFetchingNextPage}
                  onClick={() => void rates.fetchNextPage()}
                >
                  {t("settings.exchangeRates.more")}
                </Button>
              </Group>
            ) : null}
            <RatesPaste base={base} />
          </>
        )}
      </Stack>
    </Card>
  );
}

function RowActions({ rate, label, onEdit }: { rate: ExchangeRate; label: string; onEdit: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => deleteRate(rate),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: ["settings", "default-currency", "exchange-rates"] });
      await queryClient.invalidateQueries({ queryKey: ["pipelines"] });
    },
    onError: (error) => notifyError(t, error),
  });
  const name = `${label}, ${rate.effectiveOn}`;
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <ActionIcon
        variant="subtle"
        aria-label={t("settings.exchangeRates.edit", { rate: name })}
        onClick={onEdit}
      >
        <IconPencil size={16} aria-hidden />
      </ActionIcon>
      <Popover opened={confirming} onChange={setConfirming} withArrow>
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t("settings.exchangeRates.delete", { rate: name })}
            onClick={() => setConfirming((open) => !open)}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs">
            <Text size="sm">{t("settings.exchangeRates.deleteConfirm")}</Text>
            <Group gap="xs" justify="flex-end">
              <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
                {t("common.cancel")}
              </Button>
              <Button
                size="compact-sm"
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate()}
              >
                {t("settings.exchangeRates.deleteButton")}
              </Button>
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
