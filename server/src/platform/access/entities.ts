import type { RawBuilder, SqlBool } from "kysely";
import type { FieldMeta } from "./fields.js";

/**
 * The owned record types of the CRM: entity name → where its rows live and which column names the
 * responsible user. Each domain module registers its entities when it is loaded (top level of its routes.ts),
 * so cross-cutting features — a record's audit history, bulk reassignment, deactivation hand-over, the
 * orphaned-records report — work for every entity without knowing the modules.
 *
 *   registerEntity("deals", { table: "deals", ownerColumn: "owner_id" });
 *   registerEntity("tasks", { table: "tasks", ownerColumn: "owner_id",
 *     handover: (t) => sql<SqlBool>`${sql.ref(`${t}.status`)} <> 'done'`, label: "tasks" });
 */
export interface EntityDefinition {
  /** Table name (trusted metadata, used as an identifier). Its primary key must be `id uuid`. */
  table: string;
  /** The `uuid NOT NULL REFERENCES users(id)` column naming the responsible user. */
  ownerColumn: string;
  /**
   * Which owned records are live work (e.g. open tasks, future meetings), counted separately in the hand-over
   * plan. Deactivation moves every owned record regardless. Omitted: every owned record is live. `alias` is
   * the table alias to qualify columns with.
   */
  handover?: (alias: string) => RawBuilder<SqlBool>;
  /** Human wording for hand-over screens ("open tasks"); defaults to the entity name. */
  label?: string;
  /**
   * Standard fields (API key, SQL column, type, filterable/sortable) for the list engine, field-level role
   * rules, import mapping and export (see `fields.ts`; custom fields are added by `fieldsFor`).
   */
  fields?: FieldMeta[];
}

export interface RegisteredEntity extends EntityDefinition {
  name: string;
}

const registry = new Map<string, RegisteredEntity>();
const identifier = /^[a-z_][a-z0-9_]*$/;

export function registerEntity(name: string, def: EntityDefinition): void {
  if (!identifier.test(def.table) || !identifier.test(def.ownerColumn)) {
    throw new Error(`Entity ${name}: table and owner column must be plain SQL identifiers`);
  }
  const existing = registry.get(name);
  if (existing && (existing.table !== def.table || existing.ownerColumn !== def.ownerColumn)) {
    throw new Error(`Entity ${name} is registered twice with different tables`);
  }
  registry.set(name, { name, ...def });
}

export function entityDefinition(name: string): RegisteredEntity | undefined {
  return registry.get(name);
}

/** Every registered owned entity, sorted by name (a stable order for reports and plans). */
export function registeredEntities(): RegisteredEntity[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}
