import { Button, Skeleton, Stack, Tabs, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { AuditEntryRow } from "../settings/index.audit";
import { Timeline } from "../timeline";

/** A record's change history (`GET /audit-log/records/{entity}/{id}`), newest first, paged. */
export function RecordHistory({ entity, id }: { entity: string; id: string }) {
  const { t } = useTranslation();
  const history = useInfiniteQuery({
    queryKey: ["records", entity, "history", id],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/audit-log/records/{entity}/{id}", {
          params: { path: { entity, id }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = history.data?.pages.flatMap((page) => page.items) ?? [];
  if (history.error) return <FormAlert message={problemMessage(t, history.error)} />;
  if (history.isPending) return <Skeleton height={120} />;
  return (
    <Stack gap="xs">
      {entries.length === 0 ? <Text c="dimmed">{t("records.historyEmpty")}</Text> : null}
      {entries.map((entry) => (
        <AuditEntryRow key={entry.id} entry={entry} />
      ))}
      {history.hasNextPage ? (
        <Button
          variant="subtle"
          onClick={() => void history.fetchNextPage()}
          loading={history.isFetchingNextPage}
        >
          {t("records.historyMore")}
        </Button>
      ) : null}
    </Stack>
  );
}

/** The record page's right column: its activity timeline, and its change history on a second tab. */
export function ActivityAndHistory({ entity, id }: { entity: string; id: string }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>("timeline");
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List mb="sm">
        <Tabs.Tab value="timeline">{t("timeline.title")}</Tabs.Tab>
        <Tabs.Tab value="history">{t("records.history")}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="timeline">
        <Timeline entity={entity} id={id} />
      </Tabs.Panel>
      <Tabs.Panel value="history">
        <RecordHistory entity={entity} id={id} />
      </Tabs.Panel>
    </Tabs>
  );
}
