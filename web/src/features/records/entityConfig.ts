import type { EntityName } from "./api";

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

export const ENTITY_CONFIG: Record<EntityName, EntityConfig> = {
  companies: {
    entity: "companies",
    primary: "name",
    defaultColumns: ["name", "types", "industry", "phone", "city", "tags", "ownerId", "createdAt"],
    defaultSort: "name",
    readOnly: [...SYSTEM, "parentCompanyId"],
    hasPage: true,
  },
  contacts: {
    entity: "contacts",
    primary: "name",
    defaultColumns: ["name", "position", "phone", "city", "tags", "ownerId", "createdAt"],
    defaultSort: "name",
    readOnly: [...SYSTEM, "name"],
    hasPage: true,
  },
  deals: {
    entity: "deals",
    primary: "title",
    defaultColumns: ["title", "companyId", "amount", "stageId", "expectedCloseDate", "ownerId", "createdAt"],
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

export function recordPath(entity: string, id: string): string | undefined {
  if (entity === "companies" || entity === "contacts" || entity === "deals" || entity === "tasks")
    return `/${entity}/${id}`;
  return undefined;
}
