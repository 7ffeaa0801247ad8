import type { FieldMeta } from "../../platform/access/fields.js";
import type { AutomationTriggerKind } from "../../platform/events/automation-triggers.js";

const has = (fields: readonly FieldMeta[], key: string, types?: readonly string[]) =>
  fields.some((f) => f.key === key && (!types || types.includes(f.type)));

/**
 * "Became overdue": records with a due time and a status (tasks). A time trigger — the automations scheduler
 * finds the moments (open, due time passed in the scan window).
 */
const overdue: AutomationTriggerKind<{ kind: "taskOverdue" }> = {
  kind: "taskOverdue",
  source: "time",
  appliesTo: (fields) => has(fields, "dueAt", ["date", "dateTime"]) && has(fields, "status"),
};
export const taskTriggers = [overdue] as unknown as readonly AutomationTriggerKind<never>[];
