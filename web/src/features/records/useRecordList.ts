import { type InfiniteData, type QueryClient, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { RowBase } from "../../ui/table/types";
import { patchFor, withValue } from "../../ui/table/values";
import { type AnyRecord, type EntityName, type ListPage, patchRecord } from "./api";
import { type ListQuery, listKey, listQueryOptions } from "./listQueries";

export { FIRST_PAGE, type ListQuery, listKey, NEXT_PAGE } from "./listQueries";

/** Keyset-paged list of an entity as one growing array (TanStack Query infinite query over cursors). */
export function useRecordList(entity: EntityName, query: ListQuery, enabled = true) {
  const result = useInfiniteQuery({
    ...listQueryOptions(entity, query),
    enabled,
  });
  const rows = useMemo(() => result.data?.pages.flatMap((page) => page.items) ?? [], [result.data]);
  const total = result.data?.pages[0]?.total;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = result;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  return {
    rows,
    total,
    loading: result.isPending,
    error: result.error,
    hasMore: hasNextPage,
    fetchingMore: isFetchingNextPage,
    loadMore,
    refetch: result.refetch,
  };
}

type ListData = InfiniteData<ListPage, string>;

function mapRows(client: QueryClient, entity: EntityName, map: (row: AnyRecord) => AnyRecord) {
  client.setQueriesData<ListData>({ queryKey: listKey(entity) }, (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map(map) })) } : data,
  );
}

/** Optimistically removes records from every cached list of the entity. */
export function removeFromLists(client: QueryClient, entity: EntityName, ids: ReadonlySet<string>) {
  client.setQueriesData<ListData>({ queryKey: listKey(entity) }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({ ...page, items: page.items.filter((r) => !ids.has(r.id)) })),
        }
      : data,
  );
}

/**
 * Saves one field of a record: the cached lists and the record page show the new value at once; a refusal
 * (e.g. 422) restores the previous data and is re-thrown for the editor to show.
 */
export function useFieldCommit(entity: EntityName) {
  const client = useQueryClient();
  return useCallback(
    async (row: RowBase, key: string, value: unknown) => {
      await client.cancelQueries({ queryKey: ["records", entity] });
      const snapshot = client.getQueriesData({ queryKey: ["records", entity] });
      mapRows(client, entity, (r) => (r.id === row.id ? withValue(r, key, value) : r));
      client.setQueryData<AnyRecord>(["records", entity, "one", row.id], (r) =>
        r ? withValue(r, key, value) : r,
      );
      try {
        const saved = await patchRecord(entity, row.id, patchFor(key, value));
        mapRows(client, entity, (r) => (r.id === row.id ? { ...r, ...saved } : r));
        client.setQueryData(["records", entity, "one", row.id], saved);
      } catch (error) {
        for (const [queryKey, data] of snapshot) client.setQueryData(queryKey, data);
        throw error;
      }
    },
    [client, entity],
  );
}
