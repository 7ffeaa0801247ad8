import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  type BuilderGroup,
  emptyGroup,
  type FilterNode,
  fromFilter,
  toFilter,
  withSearch,
} from "../../ui/filters/model";
import { formatSort, parseSort, type SortSpec } from "../../ui/table/types";
import { getDefaultView, getWidths, type SavedView, saveWidths } from "../views";
import type { EntityName } from "./api";
import { configOf } from "./entityConfig";
import { viewsQuery } from "./listQueries";

/** A filter in the list grammar passed in the address (`?filter=`), as report drill-downs link to lists. */
function filterFromUrl(): FilterNode | null {
  const raw = new URLSearchParams(globalThis.location?.search ?? "").get("filter");
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as FilterNode) : null;
  } catch {
    return null;
  }
}

/** JSON with object keys sorted: the server may answer a saved filter with its keys in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * The working state of a list screen: the chosen saved view and the unsaved changes on top of it (filter,
 * quick search, sort, columns, widths). "dirty" says whether it differs from the view.
 */
export function useListState(
  entity: EntityName,
  userId: string,
  searchKeys: readonly string[],
  /** The server searches the list as global search does (`?q=`); else the text filters `searchKeys`. */
  serverSearch = false,
) {
  const config = configOf(entity);
  const views = useQuery(viewsQuery(entity));
  const [defaultViewId, setDefaultViewId] = useState<string | null>(() => getDefaultView(userId, entity));
  const [viewId, setViewId] = useState<string | null>(defaultViewId);
  // The view as last applied: right after "save" the list may still hold it as it was (or not hold a new one
  // yet), and comparing with that copy showed "modified" for what had just been saved.
  const [applied, setApplied] = useState<SavedView | null>(null);
  const view = useMemo(() => {
    const listed = views.data?.find((v) => v.id === viewId) ?? null;
    if (applied && applied.id === viewId && (!listed || listed.updatedAt <= applied.updatedAt))
      return applied;
    return listed;
  }, [views.data, viewId, applied]);

  const [builder, setBuilder] = useState<BuilderGroup>(emptyGroup());
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<SortSpec[]>(parseSort(config.defaultSort));
  const [visible, setVisible] = useState<string[]>(config.defaultColumns);
  const [widths, setWidthsState] = useState<Record<string, number>>(() => getWidths(entity, viewId));

  const apply = useCallback(
    (next: SavedView | null) => {
      setViewId(next?.id ?? null);
      setApplied(next);
      setBuilder(fromFilter((next?.filter as FilterNode | null) ?? null));
      setSort(parseSort(next ? next.sort || config.defaultSort : config.defaultSort));
      setVisible(next && next.columns.length > 0 ? next.columns : config.defaultColumns);
      setWidthsState(getWidths(entity, next?.id ?? null));
    },
    [config, entity],
  );

  // Once the views arrive, open the default view (if it still exists).
  const loadedViews = views.data;
  const [appliedInitial, setAppliedInitial] = useState(false);
  useEffect(() => {
    if (appliedInitial || !loadedViews) return;
    setAppliedInitial(true);
    const drilled = filterFromUrl();
    if (drilled) {
      // A report's drill-down opens the list on its records: `?filter=<JSON>` instead of the default view.
      apply(null);
      setBuilder(fromFilter(drilled));
    } else apply(loadedViews.find((v) => v.id === defaultViewId) ?? null);
  }, [appliedInitial, loadedViews, defaultViewId, apply]);

  const setWidths = useCallback(
    (next: Record<string, number>) => {
      setWidthsState(next);
      saveWidths(entity, viewId, next);
    },
    [entity, viewId],
  );

  const filter = useMemo(() => toFilter(builder), [builder]);
  const effectiveFilter = useMemo(
    () => (serverSearch ? filter : withSearch(filter, search, searchKeys)),
    [filter, search, searchKeys, serverSearch],
  );
  const sortText = formatSort(sort);
  const dirty = useMemo(() => {
    const baseFilter = canonical(view?.filter ?? null);
    const baseSort = view ? view.sort || config.defaultSort : config.defaultSort;
    const baseColumns = view && view.columns.length > 0 ? view.columns : config.defaultColumns;
    return canonical(filter) !== baseFilter || sortText !== baseSort || visible.join() !== baseColumns.join();
  }, [view, filter, sortText, visible, config]);

  return {
    views: views.data ?? [],
    view,
    apply,
    dirty,
    builder,
    setBuilder,
    search,
    setSearch,
    sort,
    setSort,
    sortText,
    visible,
    setVisible,
    widths,
    setWidths,
    filter,
    filterParam: effectiveFilter ? JSON.stringify(effectiveFilter) : undefined,
    searchParam: serverSearch ? search.trim() || undefined : undefined,
    defaultViewId,
    setDefaultViewId,
  };
}
