import type { QueryClient } from "@tanstack/react-query";
import { formatSort, parseSort } from "../../ui/table/types";
import { fetchViews, getDefaultView, viewsKey } from "../views";
import { type EntityName, fetchCustomFields, fetchFieldMeta, fetchList, type ListPage } from "./api";
import { entitiesQuery } from "./entities";
import { configOf } from "./entityConfig";
import { fieldKeys } from "./fieldKeys";

/**
 * The queries a list screen starts with, in one place, so the route can start them while the page's code
 * is still loading (`prefetchListScreen`) and the screen's hooks find them under the same keys.
 */
export const FIRST_PAGE = 100;
export const NEXT_PAGE = 250;

export const listKey = (entity: EntityName) => ["records", entity, "list"] as const;

export interface ListQuery {
  filter?: string | undefined;
  /** Quick search: what global search finds for the entity (`?q=`). */
  q?: string | undefined;
  sort?: string | undefined;
  /** Extra query parameters some lists accept (tasks: `view`, `linked`). */
  extra?: Record<string, string> | undefined;
}

/** Keyset-paged list of an entity (TanStack Query infinite query over cursors). */
export const listQueryOptions = (entity: EntityName, query: ListQuery) => ({
  queryKey: [...listKey(entity), query] as const,
  queryFn: ({ pageParam, signal }: { pageParam: string; signal: AbortSignal }) =>
    fetchList(
      entity,
      {
        limit: pageParam ? NEXT_PAGE : FIRST_PAGE,
        ...(pageParam ? { cursor: pageParam } : {}),
        ...(query.filter ? { filter: query.filter } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(query.sort ? { sort: query.sort } : {}),
        ...query.extra,
      },
      signal,
    ),
  initialPageParam: "",
  getNextPageParam: (last: ListPage) => last.nextCursor ?? undefined,
});

export const fieldMetaQuery = (entity: EntityName) => ({
  queryKey: fieldKeys.meta(entity),
  queryFn: () => fetchFieldMeta(entity),
  staleTime: 5 * 60_000,
});

export const customFieldsQuery = (entity: EntityName) => ({
  queryKey: fieldKeys.definitions(entity),
  queryFn: () => fetchCustomFields(entity),
  staleTime: 5 * 60_000,
});

export const viewsQuery = (entity: EntityName) => ({
  queryKey: viewsKey(entity),
  queryFn: () => fetchViews(entity),
  staleTime: 60_000,
});

/** The sort a list opens with when no saved view applies. */
export const initialSort = (entity: EntityName) => formatSort(parseSort(configOf(entity).defaultSort));

/**
 * Starts what a list screen needs for its first rows — field metadata, saved views and, unless the user
 * opens the list with a default view of their own, the first page in the default sort — without waiting
 * for any of it. Called by the route (in parallel with the page's code), so the rows arrive one round trip
 * earlier; the screen's queries then find these requests in flight.
 */
export function prefetchListScreen(client: QueryClient, entity: EntityName, userId: string): void {
  const ignore = () => undefined;
  client.prefetchQuery(entitiesQuery).catch(ignore);
  client.prefetchQuery(fieldMetaQuery(entity)).catch(ignore);
  client.prefetchQuery(customFieldsQuery(entity)).catch(ignore);
  client.prefetchQuery(viewsQuery(entity)).catch(ignore);
  if (getDefaultView(userId, entity) === null)
    client.prefetchInfiniteQuery(listQueryOptions(entity, { sort: initialSort(entity) })).catch(ignore);
}
