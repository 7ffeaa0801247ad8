import { Group, ScrollArea, SegmentedControl, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CURRENCIES } from "../../../ui/money/currencies";
import { teamsQuery, usersQuery } from "../../../ui/people/directory";
import { usePageTitle } from "../../../ui/usePageTitle";
import { defaultCurrencyQuery } from "../api";
import { notifyError, RowsSkeleton, SectionHeader } from "../common";
import { deleteTarget, saveTarget, type Target, type TargetKey, targetsQuery } from "./api";
import { TargetCell } from "./TargetCell";

type Mode = "people" | "teams";
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** Settings → Sales targets: the plan per person or team and month in one currency, as plan vs fact reads it. */
export function TargetsPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  usePageTitle(t("settings.nav.targets"));
  const queryClient = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [mode, setMode] = useState<Mode>("people");
  const defaultCurrency = useQuery(defaultCurrencyQuery).data?.currency;
  const [picked, setPicked] = useState<string | null>(null);
  const currency = picked ?? defaultCurrency ?? "RUB";
  const targets = useQuery(targetsQuery(year));
  const users = useQuery(usersQuery);
  const teams = useQuery(teamsQuery);
  const owners =
    (mode === "people" ? users.data : teams.data)?.map((o) => ({ id: o.id, name: o.name })) ?? [];
  const month = (m: number) => `${year}-${String(m).padStart(2, "0")}`;
  const monthName = (m: number) =>
    new Intl.DateTimeFormat(language, { month: "short", timeZone: "UTC" }).format(
      new Date(Date.UTC(year, m - 1, 1)),
    );
  const find = (ownerId: string, m: number): Target | undefined =>
    targets.data?.find(
      (x) =>
        (mode === "people" ? x.userId : x.teamId) === ownerId &&
        x.month === month(m) &&
        x.amount.currency === currency,
    );
  const save = useMutation({
    mutationFn: async ({
      key,
      amount,
      existing,
    }: {
      key: TargetKey;
      amount: string | null;
      existing?: Target;
    }) => {
      if (amount === null) {
        if (existing) await deleteTarget(existing.id);
      } else await saveTarget(key, amount);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["analytics"] }),
    onError: (e) => notifyError(t, e),
  });
  const years = [thisYear - 1, thisYear, thisYear + 1].map(String);
  const currencies = CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES];

  return (
    <Stack gap="md">
      <SectionHeader title={t("settings.nav.targets")} description={t("settings.targets.hint")} />
      <Group gap="sm" align="flex-end">
        <Select
          label={t("settings.targets.year")}
          data={years}
          value={String(year)}
          onChange={(v) => v && setYear(Number(v))}
          maw={120}
        />
        <Select
          label={t("settings.targets.currency")}
          data={currencies}
          value={currency}
          onChange={(v) => v && setPicked(v)}
          maw={120}
        />
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as Mode)}
          data={[
            { value: "people", label: t("settings.targets.people") },
            { value: "teams", label: t("settings.targets.teams") },
          ]}
        />
      </Group>
      {targets.isPending || (mode === "people" ? users.isPending : teams.isPending) ? (
        <RowsSkeleton rows={4} />
      ) : owners.length === 0 ? (
        <Text c="dimmed">{t("settings.targets.empty")}</Text>
      ) : (
        <ScrollArea type="auto">
          <Table miw={1400} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th miw={180}>
                  <Title order={6}>{t(`settings.targets.${mode}`)}</Title>
                </Table.Th>
                {MONTHS.map((m) => (
                  <Table.Th key={m} miw={100}>
                    {monthName(m)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {owners.map((owner) => (
                <Table.Tr key={owner.id}>
                  <Table.Td>{owner.name}</Table.Td>
                  {MONTHS.map((m) => {
                    const existing = find(owner.id, m);
                    return (
                      <Table.Td key={m}>
                        <TargetCell
                          amount={existing?.amount.amount ?? null}
                          label={`${owner.name} ${monthName(m)}`}
                          onSave={(amount) =>
                            save.mutate({
                              key: {
                                ...(mode === "people" ? { userId: owner.id } : { teamId: owner.id }),
                                month: month(m),
                                currency,
                              },
                              amount,
                              existing,
                            })
                          }
                        />
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}
