import type { ImportJob, WizardStep } from "./types";

export const WIZARD_STEPS: readonly WizardStep[] = [
  "upload",
  "mapping",
  "options",
  "checking",
  "review",
  "running",
  "result",
];

/** Where the wizard stands for an import in a given server state (e.g. after a reload or while polling). */
export function stepForStatus(status: ImportJob["status"] | undefined, dryRunDone: boolean): WizardStep {
  switch (status) {
    case undefined:
      return "upload";
    case "uploaded":
      return "mapping";
    case "validating":
      return "checking";
    case "validated":
      return dryRunDone ? "review" : "options";
    case "queued":
    case "running":
      return "running";
    default:
      return "result";
  }
}

export const isFinished = (status: ImportJob["status"]) =>
  status === "completed" || status === "failed" || status === "reverted";

/** Mapping for the server: only imported columns (column index → field key). */
export function mappingForServer(columns: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(columns).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/** Percentage done (0–100), never NaN. */
export function progressPercent(progress: ImportJob["progress"]): number {
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.round((progress.processed / progress.total) * 100));
}

/** A field may be chosen for one column only: the others offer it disabled. */
export function takenFields(columns: Record<string, string | null>, except: string): Set<string> {
  return new Set(
    Object.entries(columns).flatMap(([column, field]) => (column !== except && field ? [field] : [])),
  );
}

export type DateOrder = "dayFirst" | "monthFirst";

/** How the dates of the mapped columns read: the user's answer, else what the preview's sample decided. */
export function dateOrderForServer(mapping: {
  columns: Record<string, string | null>;
  dates?: Record<string, DateOrder | "ambiguous">;
  dateOrder?: Record<string, DateOrder>;
}): Record<string, DateOrder> | undefined {
  const entries = Object.entries(mapping.dates ?? {}).flatMap(([column, detected]) => {
    if (!mapping.columns[column]) return [];
    const order = mapping.dateOrder?.[column] ?? (detected === "ambiguous" ? undefined : detected);
    return order ? [[column, order] as const] : [];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Mapped columns whose dates could read either way and the user has not said how yet. */
export function unansweredDateColumns(mapping: {
  columns: Record<string, string | null>;
  dates?: Record<string, DateOrder | "ambiguous">;
  dateOrder?: Record<string, DateOrder>;
}): string[] {
  return Object.entries(mapping.dates ?? {})
    .filter(([column, detected]) => detected === "ambiguous" && mapping.columns[column])
    .filter(([column]) => !mapping.dateOrder?.[column])
    .map(([column]) => column);
}
