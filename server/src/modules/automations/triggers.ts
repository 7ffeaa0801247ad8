import type { FieldMeta } from "../../platform/access/fields.js";
import type { FieldError } from "../../platform/errors.js";
import {
  type AutomationTriggerKind,
  automationTriggerKind,
  automationTriggerKinds,
  type InstalledTriggerKind,
} from "../../platform/events/automation-triggers.js";
import type { DeliveredEvent } from "../../platform/events/consumer.js";
import type { Trigger, TriggerKind } from "./schemas.js";

export type { MatchFacts } from "../../platform/events/automation-triggers.js";

/**
 * Trigger kinds are contributed by the modules that know the moment (`AppModule.automationTriggers`, collected
 * into `platform/events/automation-triggers.ts` at start): this module gives the generic ones below (record
 * created/updated/deleted, field changed, date-relative, anniversary, schedule, inbound webhook), pipelines
 * the stage ones, tasks "became overdue". Each kind's shape is a member of `triggerSchema`.
 */
export type TriggerKindDefinition<T extends Trigger = Trigger> = AutomationTriggerKind<T> & {
  module?: string;
};

/** Actions that create, delete or move records wholesale; every other action of an entity is an update. */
const NOT_UPDATES = new Set(["create", "delete", "restore", "merge", "import"]);
export const isUpdateLike = (action: string) => !NOT_UPDATES.has(action);

const has = (fields: readonly FieldMeta[], key: string) => fields.some((f) => f.key === key);
const dateField = (fields: readonly FieldMeta[], key: string) =>
  fields.some((f) => f.key === key && (f.type === "date" || f.type === "dateTime"));

function change(e: DeliveredEvent, field: string): { before: unknown; after: unknown } | undefined {
  const c = (e.changes as Record<string, unknown>)[field];
  return c && typeof c === "object" && "after" in c ? (c as { before: unknown; after: unknown }) : undefined;
}
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const always = () => true;

export function triggerKind(kind: TriggerKind): InstalledTriggerKind & TriggerKindDefinition<Trigger> {
  const def = automationTriggerKind(kind);
  if (!def) throw new Error(`Unknown trigger kind ${kind}`);
  return def as never;
}

export function triggerKinds(): (InstalledTriggerKind & TriggerKindDefinition<Trigger>)[] {
  return automationTriggerKinds() as never;
}

const fieldMissing = (field: string): FieldError => ({
  field: "definition.trigger.field",
  message: `Unknown field ${field}.`,
  code: "unknown_field",
});
const notADate: FieldError[] = [
  { field: "definition.trigger.field", message: "Pick a date field.", code: "not_a_date_field" },
];

type Of<K extends TriggerKind> = Extract<Trigger, { kind: K }>;
const kind = <K extends TriggerKind>(k: K, def: Omit<AutomationTriggerKind<Of<K>>, "kind">) =>
  ({ ...def, kind: k }) as unknown as AutomationTriggerKind<never>;

/** The generic trigger kinds every entity may offer (this module's `automationTriggers`). */
export const recordTriggers: readonly AutomationTriggerKind<never>[] = [
  kind("recordCreated", { source: "event", actions: ["create"], appliesTo: always, compile: () => always }),
  kind("recordUpdated", {
    source: "event",
    actions: "update-like",
    appliesTo: always,
    compile: () => always,
  }),
  kind("recordDeleted", { source: "event", actions: ["delete"], appliesTo: always, compile: () => always }),
  kind("fieldChanged", {
    source: "event",
    actions: "update-like",
    appliesTo: always,
    validate: (t, fields) => (has(fields, t.field) ? [] : [fieldMissing(t.field)]),
    compile: (t) => (e) => {
      const c = change(e, t.field);
      if (!c) return false;
      if (t.from !== undefined && !same(c.before, t.from)) return false;
      if (t.to !== undefined && !same(c.after, t.to)) return false;
      return true;
    },
  }),
  kind("dateRelative", {
    source: "time",
    appliesTo: (fields) => fields.some((f) => f.type === "date" || f.type === "dateTime"),
    validate: (t, fields) => (dateField(fields, t.field) ? [] : notADate),
  }),
  kind("anniversary", {
    source: "time",
    appliesTo: (fields) => fields.some((f) => f.type === "date"),
    validate: (t, fields) => (fields.some((f) => f.key === t.field && f.type === "date") ? [] : notADate),
  }),
  kind("schedule", { source: "time", appliesTo: always }),
  kind("inboundWebhook", { source: "hook", appliesTo: always }),
];
