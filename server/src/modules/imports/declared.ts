import { entityCatalog } from "../../platform/records/catalog.js";
import type { EntityImport } from "../../platform/records/import-spec.js";

/**
 * The import an entity declares in its definition (`capabilities.import`), or null for the entities whose
 * writers this module still holds (`import: true`: companies, contacts, deals — `fields.ts`, `builder.ts`).
 */
export function declaredImport(entity: string): EntityImport | null {
  const spec = entityCatalog().get(entity)?.capabilities.import;
  return spec && spec !== true ? spec : null;
}
