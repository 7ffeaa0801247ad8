import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { type CodeNames, enumOptions } from "../../i18n/enumLabel";

/** The built-in types, offered while the server's list loads. */
export const BUILT_IN_TASK_TYPES = ["todo", "call", "email", "meeting"] as const;

/** `GET /api/v1/task-types`: the built-in types and the ones an administrator added (key, name, active). */
export const taskTypesQuery = {
  queryKey: ["task-types"] as const,
  queryFn: async () => (await unwrap(api.GET("/api/v1/task-types"))).items,
  staleTime: 5 * 60_000,
};

/**
 * The names the server gives task types, by key, for `enumLabel(t, "type", code, names)`: an administrator's own
 * type shows by its name (the built-in ones keep their locale labels). Inactive types are named too: older
 * tasks still carry them.
 */
export function useTaskTypeNames(): CodeNames {
  const { data } = useQuery(taskTypesQuery);
  return useMemo(() => new Map((data ?? []).filter((x) => !x.builtIn).map((x) => [x.key, x.name])), [data]);
}

/** The types a new task may take (the active ones, in the server's order), labelled for a select. */
export function useTaskTypeOptions(): Array<{ value: string; label: string }> {
  const { t } = useTranslation();
  const { data } = useQuery(taskTypesQuery);
  const names = useTaskTypeNames();
  return useMemo(() => {
    const keys = data ? data.filter((x) => x.isActive).map((x) => x.key) : [...BUILT_IN_TASK_TYPES];
    return enumOptions(t, "type", keys, names);
  }, [data, names, t]);
}
