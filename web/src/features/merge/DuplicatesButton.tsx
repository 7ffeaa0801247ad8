import { Badge, Button, Drawer, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconCopy } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { fetchDuplicatePage, type MergeEntity } from "./mergeApi";

/** Pages without a group that the drawer fetches by itself (after opening or "Load more") before it waits. */
const AUTO_PAGES = 5;

/**
 * "Find duplicates" on a list: likely duplicate groups among the records the user may read, each with a merge
 * link. The server checks the records page by page with bounded work (a page may find nothing yet); the drawer
 * goes on by itself through up to `AUTO_PAGES` empty pages in a row, then "Load more" checks the next records.
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
  const loaded = pages.data?.pages ?? [];
  const trailingEmpty = loaded.length - 1 - loaded.findLastIndex((page) => page.items.length > 0);
  // "Load more" fetches one page and lets the drawer go on by itself through up to AUTO_PAGES empty ones.
  const [autoUntil, setAutoUntil] = useState(AUTO_PAGES);
  const autoNext =
    opened &&
    pages.hasNextPage &&
    !pages.isFetching &&
    !pages.error &&
    trailingEmpty > 0 &&
    loaded.length < autoUntil;
  const searching = autoNext || pages.isFetchingNextPage;
  const { fetchNextPage } = pages;
  const pageCount = loaded.length;
  useEffect(() => {
    // Keyed on the page count too: a page that arrives at once may never show `autoNext` turning false.
    if (autoNext && pageCount > 0) void fetchNextPage();
  }, [autoNext, pageCount, fetchNextPage]);
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
          {groups?.length === 0 && !searching ? (
            <Text c="dimmed">{t(pages.hasNextPage ? "duplicates.noneYet" : "duplicates.none")}</Text>
          ) : null}
          {groups?.length === 0 && searching ? <Skeleton height={80} /> : null}
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
                    {t("duplicates.count", { count: group.ids.length })}
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
          {pages.hasNextPage && !(groups?.length === 0 && searching) ? (
            <Button
              variant="default"
              onClick={() => {
                setAutoUntil(loaded.length + 1 + AUTO_PAGES);
                void fetchNextPage();
              }}
              loading={searching}
            >
              {t("duplicates.loadMore")}
            </Button>
          ) : null}
        </Stack>
      </Drawer>
    </>
  );
}
