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
import { getDefaultView, getWidths, type SavedView, saveWidths } from "../views/api";
import type { EntityName } from "./api";
import { configOf } from "./entityConfig";
import { viewsQuery } from "./listQueries";

/**
 * The working state of a list screen: the chosen saved view and the unsaved changes on top of it (filter,
 * quick search, sort, columns, widths). "dirty" says whether it differs from the view.
 */
export function useListState(entity: EntityName, userId: string, searchKeys: readonly string[]) {
  const config = configOf(entity);
  const views = useQuery(viewsQuery(entity));
  const [defaultViewId, setDefaultViewId] = useState<string | null>(() => getDefaultView(userId, entity));
  const [viewId, setViewId] = useState<string | null>(defaultViewId);
  const view = useMemo(() => views.data?.find((v) => v.id === viewId) ?? null, [views.data, viewId]);

  const [builder, setBuilder] = useState<BuilderGroup>(emptyGroup());
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<SortSpec[]>(parseSort(config.defaultSort));
  const [visible, setVisible] = useState<string[]>(config.defaultColumns);
  const [widths, setWidthsState] = useState<Record<string, number>>(() => getWidths(entity, viewId));

  const apply = useCallback(
    (next: SavedView | null) => {
      setViewId(next?.id ?? null);
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
    apply(loadedViews.find((v) => v.id === defaultViewId) ?? null);
  }, [appliedInitial, loadedViews, defaultViewId, apply]);

  const setWidths = useCallback(
    (next: Record<string, number>) => {
      setWidthsState(next);
      saveWidths(entity, viewId, next);
    },
    [entity, viewId],
  );

  const filter = useMemo(() => toFilter(builder), [builder]);
  const effectiveFilter = useMemo(() => withSearch(filter, search, searchKeys), [filter, search, searchKeys]);
  const sortText = formatSort(sort);
  const dirty = useMemo(() => {
    const baseFilter = JSON.stringify(view?.filter ?? null);
    const baseSort = view ? view.sort || config.defaultSort : config.defaultSort;
    const baseColumns = view && view.columns.length > 0 ? view.columns : config.defaultColumns;
    return (
      JSON.stringify(filter) !== baseFilter || sortText !== baseSort || visible.join() !== baseColumns.join()
    );
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
    defaultViewId,
    setDefaultViewId,
  };
}
