import type { QueryClient } from "@tanstack/react-query";

/**
 * Query keys of an entity's field metadata and custom-field definitions, shared by the record screens and
 * Settings → Custom fields. Settings reads other shapes under longer keys with the same prefix, so one
 * `invalidateFieldQueries` refreshes tables, filters, record pages and settings together.
 */
export const fieldKeys = {
  meta: (entity: string) => ["field-meta", entity] as const,
  definitions: (entity: string) => ["custom-fields", entity] as const,
  /** Settings: the meta endpoint's whole page. */
  metaPage: (entity: string) => [...fieldKeys.meta(entity), "page"] as const,
  /** Settings: definitions including deleted ones. */
  definitionsWithDeleted: (entity: string) => [...fieldKeys.definitions(entity), "with-deleted"] as const,
};

export const invalidateFieldQueries = (client: QueryClient, entity: string) =>
  Promise.all([
    client.invalidateQueries({ queryKey: fieldKeys.meta(entity) }),
    client.invalidateQueries({ queryKey: fieldKeys.definitions(entity) }),
  ]);
