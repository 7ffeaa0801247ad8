import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useFileSize } from "../files";

/**
 * One stored file for a letter, found by typing part of its name: the server offers only files the rule's owner
 * (and the user) may read, newest first, with their size. The chosen file stays shown while other names are
 * searched; the server checks the owner may read it again at save and when the step runs.
 */
export function StoredFilePicker({
  value,
  ruleId,
  onChange,
}: {
  value: string | null;
  ruleId?: string;
  onChange: (fileId: string | null) => void;
}) {
  const { t } = useTranslation();
  const size = useFileSize();
  const [search, setSearch] = useState("");
  // The option picked here keeps its label: no need to read it again by id.
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  // Once a file is chosen the input shows its label; that is no name to search for.
  const term = picked && search === picked.label ? "" : search.trim();
  const [debounced] = useDebouncedValue(term, 250);
  const found = useQuery({
    queryKey: ["automations", "attachable-files", ruleId ?? null, debounced],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/automations/attachable-files", {
          params: { query: { q: debounced, ...(ruleId ? { ruleId } : {}) } },
        }),
      ),
    staleTime: 30_000,
  });
  // A chosen file not among the results (another search, or a rule opened again) is read by its id.
  const chosen = useQuery({
    queryKey: ["files", "one", value],
    queryFn: () => unwrap(api.GET("/api/v1/files/{id}", { params: { path: { id: value ?? "" } } })),
    enabled: Boolean(value) && picked?.value !== value,
    retry: false,
    staleTime: 60_000,
  });
  const label = (f: { name: string; size: number }) => `${f.name} (${size(f.size)})`;
  const options = (found.data?.items ?? []).map((f) => ({ value: f.id, label: label(f) }));
  if (value && !options.some((o) => o.value === value))
    options.unshift(
      picked?.value === value
        ? picked
        : {
            value,
            label: chosen.data
              ? label(chosen.data)
              : chosen.isError
                ? t("automations.attachFileHidden")
                : "…",
          },
    );
  return (
    <Select
      label={t("automations.attachStoredFile")}
      placeholder={t("automations.attachStoredFileHint")}
      searchable
      clearable
      data={options}
      value={value}
      onChange={(id, option) => {
        setPicked(id && option ? { value: id, label: option.label } : null);
        onChange(id);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      // The server searched already; Mantine would filter the labels (sizes included) once more.
      filter={({ options: all }) => all}
      nothingFoundMessage={found.isFetching ? t("table.loading") : t("table.nothingFound")}
    />
  );
}
