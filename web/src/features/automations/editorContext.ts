import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { ColumnSpec } from "../../ui/table/types";
import type { Rule } from "./api";

/** A server field error, its path normalised (`definition.steps.0.templateId`). */
export interface PathError {
  path: string;
  message: string;
}

/** What every step form needs: the lookups, the rule's records and the last save's field errors. */
export interface EditorContext {
  stages: { value: string; label: string }[];
  teams: { value: string; label: string }[];
  rules: Rule[];
  entity: string;
  /** The rule being edited (absent for a new one): its owner is who must read what steps attach. */
  ruleId?: string;
  fields: ColumnSpec[];
  errors: PathError[];
}

export function useEditorLookups(): Pick<EditorContext, "stages" | "teams" | "rules"> {
  const pipelines = useQuery({
    queryKey: ["pipelines"],
    queryFn: () => unwrap(api.GET("/api/v1/pipelines")),
  });
  const teams = useQuery({ queryKey: ["teams"], queryFn: () => unwrap(api.GET("/api/v1/teams")) });
  const rules = useQuery({
    queryKey: ["automations", "list"],
    queryFn: () => unwrap(api.GET("/api/v1/automations")),
  });
  return {
    stages: (pipelines.data?.items ?? []).flatMap((p) =>
      p.stages.map((s) => ({ value: s.id, label: `${p.name} → ${s.name}` })),
    ),
    teams: ((teams.data as { items?: { id: string; name: string }[] } | undefined)?.items ?? []).map(
      (tm) => ({ value: tm.id, label: tm.name }),
    ),
    rules: rules.data?.items ?? [],
  };
}

/**
 * The errors that belong to the step at `path` itself (its fields), not to the steps nested in its branches,
 * which show their own.
 */
export function stepErrors(errors: readonly PathError[], path: string): string[] {
  return errors
    .filter((e) => {
      if (e.path === path) return true;
      if (!e.path.startsWith(`${path}.`)) return false;
      const rest = e.path.slice(path.length + 1);
      return !/^(thenSteps|elseSteps)\.\d+/.test(rest);
    })
    .map((e) => e.message);
}

/** Whether an error is shown next to what it is about: a step, or a related-record condition. */
export const isStepError = (e: PathError) =>
  /^definition\.(steps|conditions\.(related|variables))\.\d+/.test(e.path);
