import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type EntityName, fetchList, fetchRecord } from "./api";

const nameOf = (r: Record<string, unknown>) => String(r.name ?? r.title ?? "");

export interface RecordPickerProps {
  entity: Exclude<EntityName, "tasks">;
  label: string;
  value?: string | null;
  onChange: (id: string | null) => void;
  error?: string | null;
  required?: boolean;
}

/** Async search of companies, contacts or deals by name (server filter `contains`). */
export function RecordPicker({ entity, label, value = null, onChange, error, required }: RecordPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const field = entity === "deals" ? "title" : "name";
  const results = useQuery({
    queryKey: ["picker", entity, debounced],
    queryFn: ({ signal }) =>
      fetchList(
        entity,
        {
          limit: 20,
          total: "false",
          sort: field,
          ...(debounced.trim()
            ? { filter: JSON.stringify({ field, op: "contains", value: debounced.trim() }) }
            : {}),
        },
        signal,
      ),
    staleTime: 30_000,
  });
  const selected = useQuery({
    queryKey: ["records", entity, "one", value],
    queryFn: () => fetchRecord(entity, value ?? ""),
    enabled: !!value,
    staleTime: 60_000,
  });
  const options = (results.data?.items ?? []).map((r) => ({ value: r.id, label: nameOf(r) }));
  if (value && selected.data && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: nameOf(selected.data) });
  }
  return (
    <Select
      label={label}
      required={required}
      searchable
      clearable
      data={options}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={results.isFetching ? t("table.loading") : t("table.nothingFound")}
      error={error ?? undefined}
    />
  );
}
