import { Skeleton, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { ListTotal } from "./api";

/** "1,234 records" or "10,000+ records" when the server capped the count. */
export function TotalBadge({
  total,
  loaded,
  loading,
}: {
  total?: ListTotal;
  loaded: number;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (loading) return <Skeleton height={16} width={80} radius="sm" />;
  const count = total?.count ?? loaded;
  const text = `${format.number(count)}${total?.capped ? "+" : ""}`;
  return (
    <Text c="dimmed" size="sm" aria-live="polite">
      {t("table.total", { count, total: text })}
    </Text>
  );
}
