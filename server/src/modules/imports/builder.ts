import type { EntityImport, ImportRowContext } from "../../platform/records/import-spec.js";
import type { RefResolver } from "./refs.js";

/**
 * Turns a row's parsed values (by import key) into the entity's column values through the entity's declared
 * import (`EntityImport.build`, the entity's own write rules), adding what the importer fills for every entity:
 * the owner (by email, within the actor's assign scope), tags and custom values. `set` holds only the columns
 * the row fills — what an update writes; the entity's `createDefaults` complete a new record.
 */
export interface BuiltRow {
  set: Record<string, unknown>;
  custom: Record<string, unknown>;
  /** Normalized values that identify a duplicate, for the chosen match key. */
  matchKeys: string[];
  /** The row in the entity's API shape, for its `beforeUpdate` (derived again against the stored record). */
  given?: unknown;
}

export type Values = Record<string, unknown>;

/** What a batch's rows are built against: the entity's import, its reference targets' records, the time. */
export function rowContext(spec: EntityImport, refs: RefResolver, loaded: unknown): ImportRowContext {
  const refEntity = new Map(spec.targets.flatMap((t) => (t.ref ? [[t.key, t.ref] as const] : [])));
  return {
    ref: (key, value) => {
      const entity = refEntity.get(key);
      return entity && typeof value === "string" && value ? refs.ref(entity, value) : null;
    },
    now: new Date(),
    loaded,
  };
}

export function build(
  spec: EntityImport,
  values: Values,
  refs: RefResolver,
  ctx: ImportRowContext,
  matchKey: string,
): BuiltRow | { error: string; field: string } {
  const set: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith("custom.") && v !== "" && v !== undefined) custom[k.slice(7)] = v;
  }
  if (typeof values.owner === "string" && values.owner) {
    const owner = refs.owner(values.owner);
    if (!owner) return { field: "owner", error: `No user "${values.owner}" you may assign records to.` };
    set.owner_id = owner;
  }
  if (Array.isArray(values.tags) && values.tags.length) set.tags = values.tags;
  const b = spec.build(values, ctx);
  if ("error" in b) return b;
  Object.assign(set, b.set);
  const row: BuiltRow = { set, custom, matchKeys: matchKeys(spec, set, matchKey) };
  if (b.given !== undefined) row.given = b.given;
  return row;
}

function matchKeys(spec: EntityImport, set: Record<string, unknown>, key: string): string[] {
  if (key === "email") return (set.email_values as string[] | undefined) ?? [];
  if (key === "phone") return (set.phone_e164 as string[] | undefined) ?? [];
  if (key === "taxId") return (set.tax_id_values as string[] | undefined) ?? [];
  if (key === "externalId") return typeof set.external_id === "string" ? [set.external_id] : [];
  const name = set[spec.nameColumn];
  return typeof name === "string" ? [name.trim().toLowerCase().replace(/\s+/g, " ")] : [];
}
