import type { EntityName } from "./api";
import { screensOf } from "./screens";

export interface EntityConfig {
  entity: EntityName;
  /** The field that names a record (links to its page). */
  primary: string;
  /** Columns of the built-in "All" view. */
  defaultColumns: string[];
  defaultSort: string;
  /** Fields never edited in a cell (derived, system or edited elsewhere). */
  readOnly: string[];
  hasPage: boolean;
}

const SYSTEM = ["id", "createdAt", "updatedAt", "createdBy", "phone", "city"];

const CONFIG: Record<string, EntityConfig> = {
  companies: {
    entity: "companies",
    primary: "name",
    // What fits 1280 px without cutting a name or the owner (tags, dates and the rest are in the column chooser).
    defaultColumns: ["name", "types", "industry", "phone", "city", "ownerId"],
    defaultSort: "name",
    readOnly: [...SYSTEM, "parentCompanyId"],
    hasPage: true,
  },
  contacts: {
    entity: "contacts",
    primary: "name",
    defaultColumns: ["name", "companies", "position", "phone", "emails", "ownerId"],
    defaultSort: "name",
    readOnly: [...SYSTEM, "name"],
    hasPage: true,
  },
  deals: {
    entity: "deals",
    primary: "title",
    defaultColumns: ["title", "companyId", "amount", "stageId", "expectedCloseDate", "ownerId"],
    defaultSort: "-createdAt",
    readOnly: [
      ...SYSTEM,
      "pipelineId",
      "stageId",
      "stageEnteredAt",
      "closedAt",
      "companyId",
      "contactId",
      "currency",
    ],
    hasPage: true,
  },
  tasks: {
    entity: "tasks",
    primary: "title",
    defaultColumns: ["title", "type", "priority", "dueAt", "ownerId", "status"],
    defaultSort: "dueAt",
    readOnly: [...SYSTEM, "status", "overdueAt", "completedAt", "type"],
    hasPage: true,
  },
};

/**
 * How the generic list and record screens show an entity: its own settings, or defaults from its fields
 * (title `name` with owner and creation date, sorted by title) completed by what its `screens.ts` declares.
 */
export function configOf(entity: EntityName): EntityConfig {
  const known = CONFIG[entity];
  if (known) return known;
  const list = screensOf(entity).list;
  const primary = list?.primary ?? "name";
  return {
    entity,
    primary,
    defaultColumns: list?.defaultColumns ?? [primary, "ownerId", "createdAt"],
    defaultSort: list?.defaultSort ?? primary,
    readOnly: [...SYSTEM, ...(list?.readOnly ?? [])],
    hasPage: true,
  };
}

/** The page of a record (every declared entity has one: its own or the generic record page). */
export function recordPath(entity: string, id: string): string | undefined {
  return entity ? `/${entity}/${id}` : undefined;
}
