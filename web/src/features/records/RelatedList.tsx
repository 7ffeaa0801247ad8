import { Anchor, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type AnyRecord, type EntityName, fetchList, type ListParams } from "./api";
import { recordPath } from "./entityConfig";

/** A short list of related records (first 20) with a count, on a record page. */
export function RelatedList({
  title,
  entity,
  query,
  extra,
  describe,
  action,
}: {
  title: string;
  entity: EntityName;
  query: ListParams & Record<string, string | number | undefined>;
  extra?: (record: AnyRecord) => ReactNode;
  describe?: (record: AnyRecord) => string;
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ["records", entity, "related", query],
    queryFn: ({ signal }) => fetchList(entity, { limit: 20, ...query }, signal),
  });
  const items = list.data?.items ?? [];
  const count = list.data?.total?.count ?? items.length;
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {title} {list.data ? `(${count}${list.data.total?.capped ? "+" : ""})` : ""}
        </Title>
        {action}
      </Group>
      {list.isPending ? (
        <Skeleton height={48} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("records.noRelated")}
        </Text>
      ) : (
        <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
          {items.map((record) => {
            const name = describe?.(record) ?? String(record.name ?? record.title ?? "");
            const href = recordPath(entity, record.id);
            return (
              <Group key={record.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                {href ? (
                  <Anchor component={Link} to={href} size="sm" truncate="end" title={name}>
                    {name}
                  </Anchor>
                ) : (
                  <Text size="sm" truncate="end" title={name}>
                    {name}
                  </Text>
                )}
                {extra?.(record)}
              </Group>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}
