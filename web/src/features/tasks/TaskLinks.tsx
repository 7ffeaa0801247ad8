import { Anchor, Badge, Group, Stack, Text } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { type EntityName, fetchRecord, recordKey, recordPath } from "../records";

export interface TaskLink {
  entity: string;
  id: string;
}

const NAMED: Record<string, string> = { companies: "name", contacts: "name", deals: "title" };

/** The records a task is about, by name (a record the user cannot open shows only its kind). */
export function TaskLinks({ links }: { links: readonly TaskLink[] }) {
  const { t } = useTranslation();
  const named = links.filter((link) => link.entity in NAMED);
  const records = useQueries({
    queries: named.map((link) => ({
      queryKey: recordKey(link.entity as EntityName, link.id),
      queryFn: () => fetchRecord(link.entity as EntityName, link.id),
      retry: false,
    })),
  });
  if (links.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed">
        {t("tasks.linkedRecords")}
      </Text>
      {links.map((link) => {
        const index = named.indexOf(link);
        const record = index >= 0 ? records[index]?.data : undefined;
        const field = NAMED[link.entity];
        const name = record && field ? String(record[field] ?? "") : "";
        const href = recordPath(link.entity, link.id);
        return (
          <Group key={`${link.entity}:${link.id}`} gap="xs" wrap="nowrap">
            <Badge variant="light" size="sm">
              {t(`settings.entity.${link.entity}`, { defaultValue: link.entity })}
            </Badge>
            {name && href ? (
              <Anchor component={Link} to={href} size="sm">
                {name}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {records[index]?.isPending ? "…" : t("tasks.linkUnavailable")}
              </Text>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}
