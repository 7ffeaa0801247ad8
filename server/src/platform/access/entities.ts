import type { RawBuilder, SqlBool } from "kysely";
import { entityCatalog, type OwnedEntity } from "../records/catalog.js";
import type { FieldMeta } from "./fields.js";

/**
 * Lookups in the entity catalogue (`platform/records/catalog.ts`), which modules fill by declaring
 * `AppModule.entities`. `registerEntity` is for tests' probe tables only.
 */
export type RegisteredEntity = OwnedEntity;

/** An owned entity's definition (records with a responsible user); undefined for unknown or unowned ones. */
export function entityDefinition(name: string): OwnedEntity | undefined {
  return entityCatalog().getOwned(name);
}

/** Every entity with a responsible user, sorted by name (a stable order for reports and plans). */
export function registeredEntities(): OwnedEntity[] {
  return entityCatalog().owned();
}

/** Declares a bare owned table (tests' probe tables); modules declare theirs in `AppModule.entities`. */
export function registerEntity(
  name: string,
  def: {
    table: string;
    ownerColumn: string;
    handover?: (alias: string) => RawBuilder<SqlBool>;
    label?: string;
    fields?: FieldMeta[];
    softDeleteColumn?: string | null;
    linkable?: boolean;
  },
): void {
  const label = { singular: name, plural: name };
  entityCatalog().add([
    {
      name,
      labels: { en: label, ru: label, sr: label, kk: label },
      table: def.table,
      ownerColumn: def.ownerColumn,
      title: "id",
      softDeleteColumn: def.softDeleteColumn ?? null,
      fields: def.fields ?? [],
      ...(def.handover ? { handover: def.handover } : {}),
      ...(def.label ? { handoverLabel: def.label } : {}),
      capabilities: def.linkable ? { linkable: true } : {},
    },
  ]);
}
