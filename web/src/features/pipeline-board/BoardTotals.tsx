import { Group, Text, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { Board, ConvertedTotal, MoneySum } from "./types";

/**
 * A total in the workspace currency (computed by the server with the rates of the day), and the currencies that
 * had no rate — named, never silently left out. Nothing when it would only repeat a single sum in that currency.
 */
export function ConvertedLine({
  sums,
  converted,
}: {
  sums: MoneySum[] | undefined;
  converted?: ConvertedTotal;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!sums || !converted || sums.length === 0) return null;
  const onlyBase = sums.every((sum) => sum.currency === converted.currency);
  if (onlyBase) return null;
  const missing = converted.missingRates.join(", ");
  return (
    <Group gap={6} wrap="wrap" data-testid="converted-total">
      <Text size="xs" fw={600}>
        {t("board.converted", {
          currency: converted.currency,
          amount: format.money(converted.amount, converted.currency),
        })}
      </Text>
      {missing ? (
        <Tooltip label={t("board.noRateHint", { currencies: missing })} multiline w={260}>
          <Text size="xs" c="orange.8" tabIndex={0}>
            {t("board.noRate", { currencies: missing })}
          </Text>
        </Tooltip>
      ) : null}
    </Group>
  );
}

/** The whole board: count, the sums per currency and their total in the workspace currency. */
export function BoardTotals({ board }: { board: Board }) {
  const { t } = useTranslation();
  const format = useFormat();
  const total = board.total;
  return (
    <Group gap="xs" wrap="wrap" aria-label={t("board.total")} role="group" data-testid="board-total">
      <Text size="sm" fw={600}>
        {t("board.total")}:
      </Text>
      <Text size="sm">{t("board.dealCount", { count: total.count })}</Text>
      {(total.sums ?? []).map((sum) => (
        <Text key={sum.currency} size="sm" c="dimmed">
          {format.money(sum.amount, sum.currency)}
        </Text>
      ))}
      <ConvertedLine sums={total.sums} converted={total.converted} />
    </Group>
  );
}
