import { type SqlBool, sql } from "kysely";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { ACTIVITY_FIELDS } from "./list.js";
import { isSystemItem } from "./schemas.js";

export const activitiesEntity: EntityDefinition = {
  name: "activities",
  labels: {
    en: { singular: "Activity", plural: "Activities" },
    ru: { singular: "Активность", plural: "Активности" },
    sr: { singular: "Активност", plural: "Активности" },
    kk: { singular: "Әрекет", plural: "Әрекеттер" },
  },
  table: "activities",
  ownerColumn: "owner_id",
  title: (a) => sql`coalesce(${sql.ref(`${a}.subject`)}, ${sql.ref(`${a}.kind`)})`,
  softDeleteColumn: "deleted_at",
  // The owner's scopes decide (the author by default); the items the platform writes stay as written.
  readOnlyWhen: isSystemItem,
  fields: ACTIVITY_FIELDS,
  // Identity's hand-over moves a deactivated user's future meetings to someone else.
  handover: (a) =>
    sql<SqlBool>`${sql.ref(`${a}.kind`)} = 'meeting' and ${sql.ref(`${a}.starts_at`)} > now() and ${sql.ref(`${a}.deleted_at`)} is null`,
  handoverLabel: "activities",
  // Saved views: the list screen (analytics drill-downs open it with a filter) reads them.
  capabilities: { files: true, views: true },
};
