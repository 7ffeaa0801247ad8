import type { Kysely, Transaction } from "kysely";
import type { FieldMeta } from "../access/fields.js";
import type { DB } from "../db/schema.js";
import type { FieldError } from "../errors.js";
import type { EntityDefinition, LABEL_LANGUAGES } from "../records/definition.js";
import type { DeliveredEvent } from "./consumer.js";

/** Facts a trigger's matcher may consult without a query (loaded once per rule-cache refresh). */
export interface MatchFacts {
  /** Stage ids by kind (`won`, `lost`), for entities with a `stageId` field. */
  stagesByKind: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Types of a trigger's variables; each decides the condition operators it takes (automations `variable-conditions.ts`). */
export const TRIGGER_VARIABLE_TYPES = ["text", "email", "boolean", "dateTime", "number", "id"] as const;
export type TriggerVariableType = (typeof TRIGGER_VARIABLE_TYPES)[number];

/**
 * A variable a trigger gives its runs (`{{message.subject}}`): usable in the rule's step texts and in its
 * variable conditions, listed (typed, labelled) by the editor's catalogue. The first segment of `name` is the
 * trigger's namespace.
 */
export interface TriggerVariable {
  name: string;
  type: TriggerVariableType;
  /** For `id` variables naming a record: its entity. */
  entity?: string;
  label: Readonly<Record<(typeof LABEL_LANGUAGES)[number], string>>;
}

/**
 * One kind of moment an automation rule can start on, contributed by the module that knows it
 * (`AppModule.automationTriggers`): record changes by the automations module, stages by pipelines, overdue tasks
 * by tasks. `source` says who notices it: `event` triggers are matched against the change feed (the rule's
 * entity's events with `actions`), `time` ones are found by the automations scheduler's tick, `hook` ones by the
 * inbound webhook route. `appliesTo` decides from an entity's fields (never its name) whether it is offered.
 * The trigger's shape is part of the automations module's `triggerSchema` union.
 */
export interface AutomationTriggerKind<T extends { kind: string } = { kind: string }> {
  kind: T["kind"];
  source: "event" | "time" | "hook";
  /** Change-event actions of the rule's entity (or of `on.entity`) the trigger listens to (`event` triggers). */
  actions?: readonly string[] | "update-like";
  /**
   * An event trigger on another entity's events (a mail message received): which entity's events it takes, and
   * the ids of the rule entity's records an event concerns — one run per record.
   */
  on?: { entity: string; records(e: DeliveredEvent, ruleEntity: string): string[] };
  /** Whether the kind is offered for an entity, from its fields and capabilities (never its name). */
  appliesTo(fields: readonly FieldMeta[], entity: EntityDefinition): boolean;
  /** Extra save-time checks (field exists and is of the right type…), paths under `definition.trigger`. */
  validate?(trigger: T, fields: readonly FieldMeta[]): FieldError[];
  /** Compiles the trigger to a predicate over one delivered event (for `event` triggers). */
  compile?(trigger: T, facts: MatchFacts): (e: DeliveredEvent) => boolean;
  /** The variables its runs get, for a rule on `entity` (`entities`: every declared entity). */
  variables?(entity: EntityDefinition, entities: readonly EntityDefinition[]): readonly TriggerVariable[];
  /**
   * Their values for one delivered event, read once when the runs are created (in the consumer's transaction)
   * and kept in the run, so a later step sees the moment as it was: `{ message: { subject: … } }`.
   */
  loadVariables?(db: Kysely<DB> | Transaction<DB>, e: DeliveredEvent): Promise<Record<string, unknown>>;
}

export type InstalledTriggerKind = AutomationTriggerKind & { module: string };

const installed = new Map<string, InstalledTriggerKind>();

/** Collects the modules' trigger kinds at start; one kind offered by two modules is a start-up error. */
export function installAutomationTriggers(
  modules: ReadonlyArray<{ name?: string; automationTriggers?: readonly AutomationTriggerKind<never>[] }>,
): void {
  for (const m of modules) {
    for (const k of m.automationTriggers ?? []) {
      const module = m.name ?? "?";
      const existing = installed.get(k.kind);
      if (existing && existing.module !== module)
        throw new Error(`Trigger kind ${k.kind} is offered by ${existing.module} and ${module}`);
      installed.set(k.kind, { ...(k as AutomationTriggerKind), module });
    }
  }
}

export function automationTriggerKind(kind: string): InstalledTriggerKind | undefined {
  return installed.get(kind);
}

export function automationTriggerKinds(): InstalledTriggerKind[] {
  return [...installed.values()];
}
