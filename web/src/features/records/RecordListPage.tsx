import { Button, Drawer, Group, Loader, Stack, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconFileExport, IconFilter, IconFilterOff, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CodeNames } from "../../i18n/enumLabel";
import { FormAlert } from "../../ui/FormAlert";
import { FilterChips } from "../../ui/filters/FilterChips";
import { conditionsOf } from "../../ui/filters/model";
import { problemMessage } from "../../ui/problemMessages";
import { BulkBar } from "../../ui/table/BulkBar";
import { CardList } from "../../ui/table/CardList";
import { ColumnChooser } from "../../ui/table/ColumnChooser";
import { DataTable } from "../../ui/table/DataTable";
import { TableEnvProvider } from "../../ui/table/TableEnv";
import type { RowBase } from "../../ui/table/types";
import { usePageTitle } from "../../ui/usePageTitle";
import { meQueryOptions } from "../auth";
import { ExportButton } from "../exports";
import { DuplicatesButton } from "../merge";
import { ViewControls } from "../views/index.controls";
import type { EntityName } from "./api";
import { may, useEntity } from "./entities";
import { configOf } from "./entityConfig";
import { useDeniedReason } from "./recordPermissions";
import { TotalBadge } from "./TotalBadge";
import { useBulkActions } from "./useBulkActions";
import { useFields } from "./useFields";
import { useListState } from "./useListState";
import { useFieldCommit, useRecordList } from "./useRecordList";
import { useSelectionTools } from "./useSelectionTools";
import { useTableEnvValue } from "./useTableEnvValue";

// The filter builder (with its date and number inputs) loads when the filter drawer first opens.
const FilterBuilder = lazy(() =>
  import("../../ui/filters/FilterBuilder").then((m) => ({ default: m.FilterBuilder })),
);

export interface RecordListPageProps {
  entity: EntityName;
  title: string;
  actions?: ReactNode;
  searchKeys: readonly string[];
  leading?: (row: RowBase) => ReactNode;
  rowTone?: (row: RowBase) => "danger" | undefined;
  extraQuery?: Record<string, string>;
  /** Names the server gives codes of a field the locale files do not label (task types an admin added). */
  codeNames?: Readonly<Record<string, CodeNames>>;
}

/**
 * What an empty list says: nothing matches the filters (with the way out: clear them), or there are no records
 * yet. Every entity's list gets it.
 */
function EmptyList({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap="xs" py="xl" data-testid="list-empty">
      <IconFilterOff size={32} stroke={1.4} aria-hidden color="var(--mantine-color-dimmed)" />
      <Text fw={500}>{filtered ? t("table.empty") : t("table.noRecords")}</Text>
      {filtered ? (
        <>
          <Text size="sm" c="dimmed" ta="center">
            {t("table.noMatchesHint")}
          </Text>
          <Button variant="light" size="sm" onClick={onClear}>
            {t("filters.clearAll")}
          </Button>
        </>
      ) : null}
    </Stack>
  );
}

/** A list screen built on field metadata: views, filters, quick search, the table (cards on phones), bulk actions. */
export function RecordListPage(props: RecordListPageProps) {
  const { t } = useTranslation();
  usePageTitle(props.title);
  const { entity } = props;
  const config = configOf(entity);
  const me = useQuery(meQueryOptions);
  const phone = useMediaQuery("(max-width: 767px)") ?? false;
  const { listColumns: columns, filterFields, chipFields } = useFields(entity, props.codeNames);
  const meta = useEntity(entity);
  const state = useListState(entity, me.data?.id ?? "", props.searchKeys, meta?.capabilities.search ?? false);
  const [debouncedFilter] = useDebouncedValue(state.filterParam, 300);
  const [debouncedSearch] = useDebouncedValue(state.searchParam, 300);
  const list = useRecordList(entity, {
    filter: debouncedFilter,
    q: debouncedSearch,
    sort: state.sortText,
    extra: props.extraQuery,
  });
  const commit = useFieldCommit(entity);
  const denied = useDeniedReason();
  const env = useTableEnvValue(entity);
  const [selection, setSelection] = useState<Record<string, true>>({});
  const [filtersOpen, filters] = useDisclosure(false);
  const selectedRows = useMemo(() => list.rows.filter((r) => selection[r.id]), [list.rows, selection]);
  const bulk = useBulkActions(entity, selectedRows, () => setSelection({}));
  const exportColumns = state.visible.filter((key) => columns.some((c) => c.key === key));
  const tools = useSelectionTools(entity, selectedRows, exportColumns, state.sortText);
  const active = conditionsOf(state.builder).length;
  const exportable = (meta?.capabilities.export.length ?? 0) > 0;

  return (
    <TableEnvProvider value={env}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="sm" align="baseline">
            <Title order={1} size="h2">
              {props.title}
            </Title>
            <TotalBadge total={list.total} loaded={list.rows.length} loading={list.loading} />
          </Group>
          {props.actions}
        </Group>
        <Group gap="xs" wrap="wrap">
          <ViewControls entity={entity} state={state} userId={me.data?.id ?? ""} />
          <TextInput
            size="sm"
            leftSection={<IconSearch size={16} />}
            aria-label={t("table.search")}
            placeholder={t("table.search")}
            value={state.search}
            onChange={(e) => state.setSearch(e.currentTarget.value)}
            style={{ flex: "1 1 180px", maxWidth: 320 }}
          />
          <Button
            variant={active > 0 ? "light" : "default"}
            size="sm"
            leftSection={<IconFilter size={16} />}
            onClick={filters.open}
          >
            {active > 0 ? t("filters.titleCount", { count: active }) : t("filters.title")}
          </Button>
          {!phone ? (
            <ColumnChooser columns={columns} visible={state.visible} onChange={state.setVisible} />
          ) : null}
          {exportable && !may(meta, "export") ? (
            <Tooltip label={t("records.denied.export")}>
              <Button
                variant="default"
                size="sm"
                leftSection={<IconFileExport size={16} />}
                disabled
                data-disabled
              >
                {t("exportDialog.open")}
              </Button>
            </Tooltip>
          ) : exportable ? (
            <ExportButton
              entity={entity}
              columns={exportColumns}
              filter={debouncedFilter}
              q={debouncedSearch}
              sort={state.sortText}
              total={list.total?.count}
              capped={list.total?.capped}
              labels={Object.fromEntries(
                columns.filter((c) => exportColumns.includes(c.key)).map((c) => [c.key, c.label]),
              )}
            />
          ) : null}
          {meta?.capabilities.merge ? <DuplicatesButton entity={entity} /> : null}
        </Group>
        <FilterChips fields={chipFields} value={state.builder} onChange={state.setBuilder} />
        <BulkBar
          count={selectedRows.length}
          actions={[...bulk.actions, ...tools.actions]}
          onClear={() => setSelection({})}
        />
        {list.error ? <FormAlert message={problemMessage(t, list.error)} /> : null}
        {phone ? (
          <CardList
            ariaLabel={props.title}
            columns={columns}
            visible={state.visible}
            primary={config.primary}
            rows={list.rows}
            loading={list.loading || columns.length === 0}
            hasMore={list.hasMore}
            fetchingMore={list.fetchingMore}
            onLoadMore={list.loadMore}
            selection={selection}
            onSelectionChange={setSelection}
            leading={props.leading}
            rowTone={props.rowTone}
          />
        ) : (
          <DataTable
            ariaLabel={props.title}
            columns={columns}
            visible={state.visible}
            onVisibleChange={state.setVisible}
            widths={state.widths}
            onWidthsChange={state.setWidths}
            rows={list.rows}
            loading={list.loading || columns.length === 0}
            hasMore={list.hasMore}
            fetchingMore={list.fetchingMore}
            onLoadMore={list.loadMore}
            sort={state.sort}
            onSortChange={state.setSort}
            selection={selection}
            onSelectionChange={setSelection}
            onEditCell={commit}
            readOnlyReason={(row) => denied(row, "update")}
            primary={config.primary}
            leading={props.leading}
            rowTone={props.rowTone}
          />
        )}
        {!list.loading && list.rows.length === 0 && !list.error ? (
          <EmptyList
            filtered={active > 0 || state.search.trim() !== ""}
            onClear={() => {
              state.setSearch("");
              state.setBuilder({ ...state.builder, items: [] });
            }}
          />
        ) : null}
      </Stack>
      <Drawer
        opened={filtersOpen}
        onClose={filters.close}
        title={t("filters.title")}
        position="right"
        size="lg"
      >
        <Suspense fallback={<Loader size="sm" aria-label={t("table.loading")} />}>
          <FilterBuilder fields={filterFields} value={state.builder} onChange={state.setBuilder} />
        </Suspense>
      </Drawer>
      {bulk.modals}
      {tools.modals}
    </TableEnvProvider>
  );
}
