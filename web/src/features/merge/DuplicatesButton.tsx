import { Badge, Button, Drawer, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconCopy } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { fetchDuplicatePage, type MergeEntity } from "./mergeApi";

/**
 * "Find duplicates" on a list: likely duplicate groups among the records the user may read, each with a merge
 * link. The server answers full pages of groups (a shorter last page, or none: "No duplicates found");
 * "Load more" fetches the next page.
 */
export function DuplicatesButton({ entity }: { entity: MergeEntity }) {
  const { t } = useTranslation();
  const [opened, drawer] = useDisclosure(false);
  const pages = useInfiniteQuery({
    queryKey: ["duplicates", entity],
    queryFn: ({ pageParam }) => fetchDuplicatePage(entity, pageParam || undefined),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: opened,
  });
  const groups = pages.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <Button
        variant="default"
        size="sm"
        leftSection={<IconCopy size={16} aria-hidden />}
        onClick={drawer.open}
      >
        {t("duplicates.open")}
      </Button>
      <Drawer opened={opened} onClose={drawer.close} title={t("duplicates.title")} position="right" size="md">
        <Stack gap="sm">
          {pages.error ? <FormAlert message={problemMessage(t, pages.error)} /> : null}
          {pages.isPending ? <Skeleton height={80} /> : null}
          {groups?.length === 0 ? <Text c="dimmed">{t("duplicates.none")}</Text> : null}
          {groups?.map((group) => (
            <Paper key={`${group.reason}:${group.value}:${group.ids[0]}`} withBorder p="sm" radius="md">
              <Group justify="space-between" wrap="nowrap">
                <Stack gap={2}>
                  <Group gap="xs">
                    <Badge variant="light">{t(`duplicates.reasons.${group.reason}`)}</Badge>
                    <Text size="sm" fw={600}>
                      {group.value}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t("duplicates.count", { count: group.size })}
                  </Text>
                </Stack>
                <Button
                  renderRoot={(props) => (
                    <Link
                      to="/merge/$entity"
                      params={{ entity }}
                      search={{ ids: group.ids.join(",") }}
                      {...props}
                    />
                  )}
                  size="xs"
                  variant="light"
                  aria-label={t("duplicates.mergeGroup", { value: group.value })}
                >
                  {t("duplicates.merge")}
                </Button>
              </Group>
            </Paper>
          ))}
          {pages.hasNextPage ? (
            <Button
              variant="default"
              onClick={() => void pages.fetchNextPage()}
              loading={pages.isFetchingNextPage}
            >
              {t("duplicates.loadMore")}
            </Button>
          ) : null}
        </Stack>
      </Drawer>
    </>
  );
}
