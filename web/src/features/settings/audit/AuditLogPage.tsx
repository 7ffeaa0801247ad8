import { Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { problemMessage } from "../../../ui/problemMessages";
import { adminUsersQuery, catalogQuery } from "../api";
import { RowsSkeleton, SectionHeader } from "../common";
import { AuditEntryRow } from "./AuditEntryRow";
import { type AuditFilters, auditQuery, EMPTY_FILTERS } from "./auditModel";
import { useNearBottom } from "./useNearBottom";

export function AuditLogPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_FILTERS);
  const [action, setAction] = useState("");
  const users = useQuery(adminUsersQuery);
  const catalog = useQuery(catalogQuery);
  const log = useInfiniteQuery({
    queryKey: ["settings", "audit-log", filters],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/audit-log", { params: { query: auditQuery(filters, pageParam) } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = log;
  const ref = useNearBottom<HTMLDivElement>(() => {
    if (!isFetchingNextPage) void fetchNextPage();
  }, hasNextPage);
  // The action prefix is applied after a short pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((current) => ({ ...current, action })), 300);
    return () => clearTimeout(timer);
  }, [action]);
  const set = (patch: Partial<AuditFilters>) => setFilters((current) => ({ ...current, ...patch }));
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const entityOptions = (catalog.data?.entities ?? []).map((value) => ({
    value,
    label: t(`settings.entity.${value}`, { defaultValue: value }),
  }));
  return (
    <Stack gap="md">
      <SectionHeader title={t("settings.nav.audit")} />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          label={t("settings.audit.actor")}
          data={(users.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
          value={filters.actorId}
          onChange={(actorId) => set({ actorId })}
          searchable
          clearable
          w={200}
        />
        <TextInput
          label={t("settings.audit.action")}
          placeholder={t("settings.audit.actionPlaceholder")}
          value={action}
          onChange={(event) => setAction(event.currentTarget.value)}
          w={180}
        />
        <Select
          label={t("settings.audit.entity")}
          data={entityOptions}
          value={filters.entity}
          onChange={(entity) => set({ entity })}
          clearable
          w={170}
        />
        <TextInput
          type="date"
          label={t("settings.audit.from")}
          value={filters.from}
          onChange={(event) => set({ from: event.currentTarget.value })}
          w={160}
        />
        <TextInput
          type="date"
          label={t("settings.audit.to")}
          value={filters.to}
          onChange={(event) => set({ to: event.currentTarget.value })}
          w={160}
        />
        <Button
          variant="subtle"
          onClick={() => {
            setAction("");
            setFilters(EMPTY_FILTERS);
          }}
        >
          {t("settings.audit.reset")}
        </Button>
      </Group>
      <FormAlert message={log.isError ? problemMessage(t, log.error) : null} />
      {log.isPending && <RowsSkeleton rows={8} height={42} />}
      {!log.isPending && entries.length === 0 && !log.isError && (
        <Text size="sm" c="dimmed">
          {t("settings.audit.empty")}
        </Text>
      )}
      <Stack gap={6} aria-live="polite">
        {entries.map((item) => (
          <AuditEntryRow key={item.id} entry={item} />
        ))}
      </Stack>
      <div ref={ref} />
      {hasNextPage && (
        <Button variant="default" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
          {t("settings.audit.loadMore")}
        </Button>
      )}
    </Stack>
  );
}
