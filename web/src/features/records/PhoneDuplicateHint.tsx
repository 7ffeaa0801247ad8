import { Alert, Anchor, Group, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCopy } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { FilterNode } from "../../ui/filters/model";
import { fetchList } from "./api";
import { recordPath } from "./entityConfig";

const MIN_DIGITS = 7;
/** National significant numbers are at most 10 digits here; matching the tail ignores 8 / +7 / 00 prefixes. */
const TAIL = 10;

/** The list-engine filter finding records that have one of these phone numbers, or null if none is long enough. */
export function phoneDuplicateFilter(phones: readonly string[]): string | null {
  const tails = [
    ...new Set(phones.map((p) => p.replace(/\D/g, "")).filter((d) => d.length >= MIN_DIGITS)),
  ].map((digits) => digits.slice(-TAIL));
  if (tails.length === 0) return null;
  const conditions: FilterNode[] = tails.map((value) => ({ field: "phone", op: "contains", value }));
  return JSON.stringify(conditions.length === 1 ? conditions[0] : { or: conditions });
}

/**
 * While a create form is filled in: existing records with the same phone, checked (debounced) before saving
 * through the list endpoint's phone filter. The server still reports duplicates in the create response.
 */
export function PhoneDuplicateHint({
  entity,
  phones,
}: {
  entity: "companies" | "contacts";
  phones: readonly string[];
}) {
  const { t } = useTranslation();
  const [filter] = useDebouncedValue(phoneDuplicateFilter(phones), 400);
  const matches = useQuery({
    queryKey: ["records", entity, "phone-duplicates", filter],
    enabled: filter !== null,
    queryFn: async () => (await fetchList(entity, { limit: 5, filter: filter ?? "" })).items,
    staleTime: 30_000,
  });
  const found = filter ? (matches.data ?? []) : [];
  if (found.length === 0) return null;
  return (
    <Alert
      color="yellow"
      icon={<IconCopy size={18} />}
      title={t("records.duplicates.beforeSave")}
      role="note"
    >
      <Group gap="sm" wrap="wrap">
        {found.map((record) => (
          <Anchor key={record.id} component={Link} to={recordPath(entity, record.id) ?? "/"} size="sm">
            {String(record.name ?? "")}
          </Anchor>
        ))}
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {t("records.duplicates.beforeSaveHint")}
      </Text>
    </Alert>
  );
}
