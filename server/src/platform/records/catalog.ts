import { z } from "zod";
import { type AutomationTriggerKind, installAutomationTriggers } from "../events/automation-triggers.js";
import type { Capability, EntityDefinition } from "./definition.js";
import { installTimelineSources, type TimelineSource } from "./timeline-sources.js";

const identifier = /^[a-z_][a-z0-9_]*$/;

/** An entity with a responsible user. */
export type OwnedEntity = EntityDefinition & { ownerColumn: string };

/**
 * The entities the loaded modules declare (`AppModule.entities`), validated once at start: unique names, plain
 * SQL identifiers, relations and link fields naming known entities.
 */
export class EntityCatalog {
  readonly #byName = new Map<string, EntityDefinition>();

  constructor(defs: readonly EntityDefinition[] = []) {
    this.add(defs);
  }

  /** Adds definitions; the same name twice must be the same table (modules loaded twice by tests). */
  add(defs: readonly EntityDefinition[]): void {
    for (const def of defs) {
      validate(def);
      const existing = this.#byName.get(def.name);
      if (existing && existing !== def && existing.table !== def.table) {
        throw new Error(`Entity ${def.name} is declared twice with different tables`);
      }
      this.#byName.set(def.name, def);
    }
  }

  get(name: string): EntityDefinition | undefined {
    return this.#byName.get(name);
  }

  require(name: string): EntityDefinition {
    const def = this.#byName.get(name);
    if (!def) throw new Error(`Unknown entity ${name}`);
    return def;
  }

  /** Every entity, sorted by name (a stable order for reports, plans and enums). */
  all(): EntityDefinition[] {
    return [...this.#byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Entities offering a capability (`with("views")`). */
  with(capability: Capability): EntityDefinition[] {
    return this.all().filter((d) => Boolean(d.capabilities[capability]));
  }

  /** Entities with a responsible user (hand-over, reassignment, the orphaned-records report). */
  owned(): OwnedEntity[] {
    return this.all().filter((d): d is OwnedEntity => d.ownerColumn !== null);
  }

  /** The entity when it has a responsible user. */
  getOwned(name: string): OwnedEntity | undefined {
    const def = this.#byName.get(name);
    return def && def.ownerColumn !== null ? (def as OwnedEntity) : undefined;
  }

  names(capability?: Capability): string[] {
    return (capability ? this.with(capability) : this.all()).map((d) => d.name);
  }
}

function validate(def: EntityDefinition): void {
  const columns = [
    def.table,
    def.ownerColumn,
    def.softDeleteColumn,
    typeof def.title === "string" ? def.title : null,
  ];
  if (!identifier.test(def.name) || columns.some((c) => c !== null && !identifier.test(c))) {
    throw new Error(`Entity ${def.name}: name, table and columns must be plain SQL identifiers`);
  }
  if (def.capabilities.duplicateCheck && !def.duplicateKeys) {
    throw new Error(
      `Entity ${def.name}: duplicateCheck compares its duplicateKeys, which it does not declare`,
    );
  }
  const keys = new Set<string>();
  for (const f of def.fields) {
    if (keys.has(f.key)) throw new Error(`Entity ${def.name}: field ${f.key} is declared twice`);
    keys.add(f.key);
  }
}

/** A zod enum of the entity names offering a capability (for request schemas built when routes register). */
export function entityEnum(catalog: EntityCatalog, capability?: Capability) {
  const names = catalog.names(capability);
  if (names.length === 0) throw new Error(`No entity offers ${capability}`);
  return z.enum(names as [string, ...string[]]);
}

/**
 * The process's catalogue. Modules contribute to it through `AppModule.entities` (collected by `installEntities`
 * in the runtime, the test harness and `buildApp`); deep platform code (field metadata, scope checks, links)
 * reads it here instead of being handed it through every call.
 */
const current = new EntityCatalog();

export function entityCatalog(): EntityCatalog {
  return current;
}

/** Adds the entities of the given modules to the process's catalogue and returns it. */
export function installEntities(
  modules: ReadonlyArray<{
    name?: string;
    entities?: EntityDefinition[];
    timelineSources?: TimelineSource[];
    automationTriggers?: readonly AutomationTriggerKind<never>[];
  }>,
): EntityCatalog {
  installTimelineSources(modules);
  installAutomationTriggers(modules);
  const declared = [...new Set(modules.flatMap((m) => m.entities ?? []))];
  const names = declared.map((d) => d.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) throw new Error(`Entity ${twice.join(", ")} is declared by two modules`);
  const known = new Set([...names, ...current.names()]);
  for (const def of declared) {
    const unknown = (def.relations ?? []).find((r) => !known.has(r.entity));
    if (unknown) throw new Error(`Entity ${def.name}: relation to unknown entity ${unknown.entity}`);
  }
  current.add(declared);
  return current;
}
