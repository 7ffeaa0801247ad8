import type { AutomationTriggerKind } from "../../platform/events/automation-triggers.js";

/**
 * "A message was received": an incoming letter synced into a mailbox, for each record of the rule's entity the
 * message is linked to (the sender's contact, their company, records the thread was linked to) — offered for
 * entities whose timelines show mail.
 */
const received: AutomationTriggerKind<{ kind: "messageReceived" }> = {
  kind: "messageReceived",
  source: "event",
  actions: ["receive"],
  on: {
    entity: "mailMessages",
    records: (e, ruleEntity) => {
      const c = e.changes as { direction?: string; links?: { entity: string; id: string }[] };
      if (c.direction !== "in") return [];
      return [...new Set((c.links ?? []).filter((l) => l.entity === ruleEntity).map((l) => l.id))];
    },
  },
  appliesTo: (_fields, entity) => Boolean(entity.capabilities.timeline && entity.capabilities.linkable),
  compile: () => () => true,
};
export const mailTriggers = [received] as unknown as readonly AutomationTriggerKind<never>[];
