import type { TFunction } from "i18next";
import { i18n } from "../../i18n";

/** The `event` codes of the server's system timeline items (server `activities/system-event-payload.ts`). */
export const SYSTEM_EVENTS = ["deal_stage_changed", "task_completed", "automation_run"] as const;

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/**
 * The sentence for a system item's payload, with its details ("Stage: Negotiation → Contract"). Unknown codes
 * (a newer server) give null: the item's kind label already says what it is, and a raw key must never show.
 */
export function systemEventText(t: TFunction, event: Record<string, unknown>): string | null {
  switch (event.event) {
    case "deal_stage_changed": {
      const after = text(event.after) ?? t("timeline.events.deletedStage");
      if (event.beforeId == null && event.before == null)
        return t("timeline.events.deal_stage_set", { after });
      const before = text(event.before) ?? t("timeline.events.deletedStage");
      return t("timeline.events.deal_stage_changed", { before, after });
    }
    case "task_completed": {
      const result = text(event.result);
      return result
        ? t("timeline.events.task_completed_result", { result })
        : t("timeline.events.task_completed");
    }
    case "automation_run":
      return automationRunText(t, event);
    default:
      return null;
  }
}

/** "Rule «Fast track»: set stage to Negotiation; Create a task" — and the run's state unless it is done. */
function automationRunText(t: TFunction, event: Record<string, unknown>): string {
  const rule = text(event.rule) ?? "";
  const steps = Array.isArray(event.steps) ? (event.steps as { type?: unknown; stage?: unknown }[]) : [];
  const actions = steps
    .map((step) =>
      step.type === "moveStage"
        ? t("timeline.events.automation_moved", {
            stage: text(step.stage) ?? t("timeline.events.deletedStage"),
          })
        : typeof step.type === "string" && i18n.exists(`automations.steps.${step.type}`)
          ? t(`automations.steps.${step.type}`)
          : "",
    )
    .filter(Boolean);
  const sentence = actions.length
    ? t("timeline.events.automation_run", { rule, actions: actions.join("; ") })
    : t("timeline.events.automation_run_empty", { rule });
  const status = text(event.status);
  return status && status !== "succeeded"
    ? `${sentence} (${t(`automations.status.${status}`, { defaultValue: status })})`
    : sentence;
}
