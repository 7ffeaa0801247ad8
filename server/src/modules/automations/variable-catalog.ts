import type { FieldMeta } from "../../platform/access/fields.js";
import type { TriggerVariable, TriggerVariableType } from "../../platform/events/automation-triggers.js";
import type { EntityDefinition, LABEL_LANGUAGES, Language } from "../../platform/records/definition.js";
import { toSerbianLatin } from "../../platform/serbian-latin.js";
import type { Trigger } from "./schemas.js";
import { triggerKind, triggerKinds } from "./triggers.js";

type Lang = (typeof LABEL_LANGUAGES)[number];
type Labels = Readonly<Record<Lang, string>>;

/** Facts of the triggering moment every run has (`{{trigger.kind}}`…); what a source adds is listed by source. */
const TRIGGER_KEYS: Record<string, TriggerVariableType> = {
  kind: "text",
  entity: "text",
  entityId: "id",
  eventId: "text",
  action: "text",
  actorId: "id",
  occurredAt: "dateTime",
  moment: "dateTime",
  messageId: "text",
  ruleId: "id",
  runId: "id",
};
/** What "start another rule" passes on (`previous.outputs.<step>…` is free-form). */
const PREVIOUS_KEYS: Record<string, TriggerVariableType> = {
  ruleId: "id",
  ruleName: "text",
  runId: "id",
  status: "text",
};

const L = (en: string, ru: string, sr: string, kk: string): Labels => ({ en, ru, sr, kk });
const GENERAL: readonly TriggerVariable[] = [
  {
    name: "rule.name",
    type: "text",
    label: L("Rule name", "Название правила", "Назив правила", "Ереже атауы"),
  },
  { name: "rule.id", type: "id", label: L("Rule (id)", "Правило (id)", "Правило (id)", "Ереже (id)") },
  { name: "run.id", type: "id", label: L("Run (id)", "Запуск (id)", "Покретање (id)", "Іске қосу (id)") },
  { name: "now", type: "dateTime", label: L("Now", "Сейчас", "Сада", "Қазір") },
  {
    name: "trigger.kind",
    type: "text",
    label: L("Trigger", "Триггер", "Окидач", "Іске қосушы"),
  },
  {
    name: "previous.ruleName",
    type: "text",
    label: L("Previous rule", "Предыдущее правило", "Претходно правило", "Алдыңғы ереже"),
  },
  {
    name: "previous.status",
    type: "text",
    label: L(
      "Previous rule's outcome",
      "Итог предыдущего правила",
      "Исход претходног правила",
      "Алдыңғы ереженің нәтижесі",
    ),
  },
];

/** The variables a trigger kind gives a rule on `entity` (none for most kinds). */
export function triggerVariables(
  kind: string,
  entity: EntityDefinition,
  entities: readonly EntityDefinition[],
): readonly TriggerVariable[] {
  return triggerKind(kind as never).variables?.(entity, entities) ?? [];
}

/** Typed variables a rule's conditions may test: its trigger's own, and an inbound hook's mapped ones (text). */
export function conditionVariableTypes(
  trigger: Trigger,
  entity: EntityDefinition,
  entities: readonly EntityDefinition[],
): Map<string, TriggerVariableType> {
  const types = new Map<string, TriggerVariableType>();
  for (const v of triggerVariables(trigger.kind, entity, entities)) types.set(v.name, v.type);
  if (trigger.kind === "inboundWebhook")
    for (const name of Object.keys(trigger.variables)) types.set(`hook.${name}`, "text");
  return types;
}

/** Whether a `trigger.<key>` / `previous.<key>` names a fact the runs have. */
export function knownRunFact(ns: "trigger" | "previous", key: string): boolean {
  if (ns === "previous")
    return key in PREVIOUS_KEYS || /^outputs\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_]+)*$/.test(key);
  return key in TRIGGER_KEYS;
}

export interface CatalogVariable {
  name: string;
  type: string;
  label: string | null;
  group: "record" | "trigger" | "run";
  /** The trigger kinds that give it; null: every rule has it. */
  triggers: string[] | null;
  entity?: string;
}

/**
 * The variables the editor offers for an entity's rules, as `fields` (the caller's readable fields) allow:
 * the record's fields (labelled by the web, custom ones by their label), each applicable trigger kind's own
 * (labelled in `language`), and what every run has.
 */
export function catalogVariables(
  entity: EntityDefinition,
  entities: readonly EntityDefinition[],
  fields: readonly FieldMeta[],
  language: Language,
): CatalogVariable[] {
  const say = (l: Labels) => (language === "sr-Latn" ? toSerbianLatin(l.sr) : l[language]);
  const out: CatalogVariable[] = fields.map((f) => ({
    name: `record.${f.key}`,
    type: f.type,
    label: f.label ?? null,
    group: "record",
    triggers: null,
    ...(f.linkEntity ? { entity: f.linkEntity } : {}),
  }));
  const byName = new Map<string, CatalogVariable>();
  for (const k of triggerKinds().filter((k) => k.appliesTo(fields, entity))) {
    for (const v of k.variables?.(entity, entities) ?? []) {
      const seen = byName.get(v.name);
      if (seen) seen.triggers?.push(k.kind);
      else {
        const item: CatalogVariable = {
          name: v.name,
          type: v.type,
          label: say(v.label),
          group: "trigger",
          triggers: [k.kind],
          ...(v.entity ? { entity: v.entity } : {}),
        };
        byName.set(v.name, item);
        out.push(item);
      }
    }
  }
  for (const v of GENERAL)
    out.push({ name: v.name, type: v.type, label: say(v.label), group: "run", triggers: null });
  return out;
}

/** The kind of value a variable or field type holds, for "this variable fits this field" checks. */
export function valueClass(type: string): "text" | "number" | "date" | "boolean" | "id" | "list" {
  switch (type) {
    case "number":
    case "money":
      return "number";
    case "date":
    case "dateTime":
      return "date";
    case "boolean":
      return "boolean";
    case "user":
    case "link":
    case "uuid":
    case "id":
      return "id";
    case "multiSelect":
    case "tags":
      return "list";
    default:
      return "text";
  }
}

/** The type of a variable a rule may use (a record field's type, a trigger variable's, a run fact's), or null. */
export function variableType(
  name: string,
  scope: { fields: readonly FieldMeta[]; triggerVariables: ReadonlyMap<string, TriggerVariableType> },
): string | null {
  if (name.startsWith("record.")) return scope.fields.find((f) => f.key === name.slice(7))?.type ?? null;
  const own = scope.triggerVariables.get(name);
  if (own) return own;
  if (name.startsWith("trigger.")) return TRIGGER_KEYS[name.slice(8)] ?? null;
  if (name.startsWith("previous.")) return PREVIOUS_KEYS[name.slice(9)] ?? null;
  return GENERAL.find((v) => v.name === name)?.type ?? null;
}
