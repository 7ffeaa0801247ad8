import type { TFunction } from "i18next";

/** The `event` codes of the server's system timeline items (server `activities/system-event-payload.ts`). */
export const SYSTEM_EVENTS = ["deal_stage_changed", "task_completed"] as const;

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
    default:
      return null;
  }
}
