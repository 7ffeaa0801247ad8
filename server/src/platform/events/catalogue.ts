import { z } from "zod";

/**
 * The typed change-event catalogue. Each module declares the events it writes (`AppModule.events`, built with
 * `defineChangeEvents` in the module's `events.ts`); `recordChange` validates every event against it before
 * writing, the OpenAPI document exports it as webhook payloads, and consumers name the events they take.
 * Field names are the API's camelCase keys.
 */

/** One field's `{before, after}`; values are validated by `value`, the static type only fixes the keys. */
export type FieldChange = { before: unknown; after: unknown };

export function fieldChange<T extends z.ZodType>(value: T) {
  return z.strictObject({ before: value.nullable(), after: value.nullable() }) as unknown as z.ZodType<
    { before: z.output<T> | null; after: z.output<T> | null },
    FieldChange
  >;
}

type FieldChangesShape<S extends Record<string, z.ZodType>> = {
  [K in keyof S]: z.ZodOptional<ReturnType<typeof fieldChange<S[K]>>>;
};

/** A field-level diff over the given fields: `{field?: {before, after}}`, no other key allowed. */
export function fieldChanges<S extends Record<string, z.ZodType>>(shape: S) {
  const out: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(shape)) out[key] = fieldChange(value as z.ZodType).optional();
  return z.strictObject(out as FieldChangesShape<S>);
}

/** `"*"`: an action any entity may carry (reassign, merge, import), declared by the module that performs it. */
export const ANY_ENTITY = "*";

export interface ChangeEventDefinition<
  E extends string = string,
  A extends string = string,
  C extends z.ZodType = z.ZodType,
> {
  entity: E;
  action: A;
  changes: C;
  description: string;
  /**
   * Any-entity events that carry field changes (`{field: {before, after}}` next to their own keys): the
   * entity's definition of this action checks those fields' names and values too (e.g. `"update"`).
   */
  fieldsOf?: string;
}

/** The events one module writes for one entity: `{action: [changes schema, description]}`. */
export function defineChangeEvents<
  const E extends string,
  const M extends Record<string, [z.ZodType, string] | [z.ZodType, string, { fieldsOf: string }]>,
>(
  entity: E,
  actions: M,
): Array<{ [A in keyof M & string]: ChangeEventDefinition<E, A, M[A][0]> }[keyof M & string]> {
  return Object.entries(actions).map(([action, [changes, description, opts]]) => ({
    entity,
    action,
    changes,
    description,
    ...opts,
  })) as never;
}

const isFieldChange = (v: unknown) => typeof v === "object" && v !== null && "before" in v && "after" in v;

/** The event a writer passes to `recordChange` for a definition (the changes' input type). */
export type ChangeEventInput<D> =
  D extends ChangeEventDefinition<infer E, infer A, infer C>
    ? { entity: E extends typeof ANY_ENTITY ? string : E; entityId: string; action: A; changes: z.input<C> }
    : never;

/** The event a consumer receives for a definition. */
export type DeliveredChangeEvent<D> =
  D extends ChangeEventDefinition<infer E, infer A, infer C>
    ? ChangeEventEnvelope & {
        entity: E extends typeof ANY_ENTITY ? string : E;
        action: A;
        changes: z.output<C>;
      }
    : never;

/** What every delivered event carries besides its entity, action and changes. */
export interface ChangeEventEnvelope {
  /** The event's id in the outbox (a decimal string). */
  id: string;
  /** Its place in the feed (a decimal string): consumers get events in this order. */
  position: string;
  entityId: string;
  actorId: string | null;
  requestId: string | null;
  ip?: string | null;
  userAgent?: string | null;
  occurredAt: string;
  /** The automation rule run that made the change, if one did. */
  automation?: import("../http/request-scope.js").AutomationOrigin | null;
}

export class InvalidChangeEventError extends Error {
  constructor(
    readonly entity: string,
    readonly action: string,
    readonly issues: readonly { path: PropertyKey[]; message: string }[],
  ) {
    const detail = issues.map((i) => `${i.path.map(String).join(".") || "changes"}: ${i.message}`).join("; ");
    super(`Change event ${entity}.${action} is not in the catalogue: ${detail}`);
    this.name = "InvalidChangeEventError";
  }
}

const key = (entity: string, action: string) => `${entity}\u0000${action}`;

export class ChangeEventCatalogue {
  readonly #defs = new Map<string, ChangeEventDefinition>();

  /** Adds definitions; the same event twice must be the same definition (tests load modules repeatedly). */
  add(defs: readonly ChangeEventDefinition[]): void {
    for (const d of defs) {
      const k = key(d.entity, d.action);
      const existing = this.#defs.get(k);
      if (existing && existing.changes !== d.changes) {
        throw new Error(`Change event ${d.entity}.${d.action} is declared twice`);
      }
      this.#defs.set(k, d);
    }
  }

  /** The entity's own definition of the action, then the any-entity one. */
  find(entity: string, action: string): ChangeEventDefinition[] {
    return [this.#defs.get(key(entity, action)), this.#defs.get(key(ANY_ENTITY, action))].filter(
      (d): d is ChangeEventDefinition => d !== undefined,
    );
  }

  /**
   * Throws `InvalidChangeEventError` for an event the catalogue does not declare, or whose changes match
   * neither the entity's definition of the action nor an any-entity one.
   */
  validate(e: { entity: string; action: string; changes?: unknown }): void {
    const defs = this.find(e.entity, e.action);
    if (defs.length === 0) {
      throw new InvalidChangeEventError(e.entity, e.action, [{ path: [], message: "unknown event" }]);
    }
    let issues: z.core.$ZodIssue[] = [];
    for (const def of defs) {
      const parsed = def.changes.safeParse(e.changes ?? {});
      const fields = parsed.success ? this.#fieldIssues(def, e) : [];
      if (parsed.success && fields.length === 0) return;
      if (issues.length === 0) issues = parsed.success ? fields : parsed.error.issues;
    }
    throw new InvalidChangeEventError(e.entity, e.action, issues);
  }

  #fieldIssues(def: ChangeEventDefinition, e: { entity: string; changes?: unknown }): z.core.$ZodIssue[] {
    const of = def.fieldsOf ? this.#defs.get(key(e.entity, def.fieldsOf)) : undefined;
    if (!of) return [];
    const fields = Object.fromEntries(Object.entries(e.changes ?? {}).filter(([, v]) => isFieldChange(v)));
    const parsed = of.changes.safeParse(fields);
    return parsed.success ? [] : parsed.error.issues;
  }

  all(): ChangeEventDefinition[] {
    return [...this.#defs.values()].sort((a, b) =>
      key(a.entity, a.action).localeCompare(key(b.entity, b.action)),
    );
  }
}

const processCatalogue = new ChangeEventCatalogue();

/** The process's catalogue, filled from the loaded modules' `events` at start (runtime, test harness, buildApp). */
export function changeEventCatalogue(): ChangeEventCatalogue {
  return processCatalogue;
}

export function installChangeEvents(modules: readonly { events?: readonly ChangeEventDefinition[] }[]) {
  processCatalogue.add(modules.flatMap((m) => m.events ?? []));
  return processCatalogue;
}
