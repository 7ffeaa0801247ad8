import { sql } from "kysely";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { EntityImport, ImportTarget } from "../../platform/records/import-spec.js";

/** The import an entity declares in its definition (`capabilities.import`), or null when it declares none. */
export function declaredImport(entity: string): EntityImport | null {
  return entityCatalog().get(entity)?.capabilities.import ?? null;
}

/** The import of an entity that may be imported (the import's entity passed the routes' enum). */
export function importSpec(entity: string): EntityImport {
  const spec = declaredImport(entity);
  if (!spec) throw new Error(`${entity} declares no import`);
  return spec;
}

/**
 * The reference target of the entity's files whose missing records the import may create (a contacts file's
 * Company column, option `missingCompanies`), or null.
 */
export function creatingTarget(entity: string): (ImportTarget & { ref: string }) | null {
  const target = declaredImport(entity)?.targets.find((t) => t.ref && t.createsMissing);
  return target?.ref ? { ...target, ref: target.ref } : null;
}

/** The entity's table as an SQL identifier (its definition's `table`). */
export function tableOf(entity: string) {
  return sql.table(entityCatalog().get(entity)?.table ?? entity);
}
