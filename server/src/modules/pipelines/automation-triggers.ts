import type { FieldMeta } from "../../platform/access/fields.js";
import type { AutomationTriggerKind } from "../../platform/events/automation-triggers.js";
import type { DeliveredEvent } from "../../platform/events/consumer.js";

/** Stage moments for records with a `stageId` field (deals today): entered/left a stage, won, lost. */

const stageful = (fields: readonly FieldMeta[]) => fields.some((f) => f.key === "stageId");

function stageChange(e: DeliveredEvent): { before: unknown; after: unknown } | undefined {
  const c = (e.changes as Record<string, unknown>).stageId;
  return c && typeof c === "object" && "after" in c ? (c as { before: unknown; after: unknown }) : undefined;
}

type StageTrigger = { kind: "stageEntered" | "stageLeft"; stageId?: string | undefined };

const move = (kind: StageTrigger["kind"], side: "before" | "after"): AutomationTriggerKind<StageTrigger> => ({
  kind,
  source: "event",
  actions: "update-like",
  appliesTo: stageful,
  compile: (t) => (e) => {
    const c = stageChange(e);
    return !!c && (t.stageId === undefined || c[side] === t.stageId);
  },
});

const outcome = (kind: "won" | "lost"): AutomationTriggerKind<{ kind: "won" | "lost" }> => ({
  kind,
  source: "event",
  actions: "update-like",
  appliesTo: stageful,
  compile: (_t, facts) => {
    const stages = facts.stagesByKind.get(kind) ?? new Set<string>();
    return (e) => {
      const c = stageChange(e);
      return !!c && stages.has(String(c.after));
    };
  },
});

export const stageTriggers = [
  move("stageEntered", "after"),
  move("stageLeft", "before"),
  outcome("won"),
  outcome("lost"),
] as unknown as readonly AutomationTriggerKind<never>[];
