import { queryOptions, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";

/**
 * The record types the server declares (`GET /api/v1/meta/entities`): labels, capabilities, API path,
 * navigation place and the caller's scope per action. Navigation, lists, create and export buttons, import
 * targets, merge and the custom-field settings are built from it, so a new entity needs no web switch.
 */
export type EntityMeta = components["schemas"]["EntityMeta"];
export type EntityAction = keyof EntityMeta["permissions"];
type Language = keyof EntityMeta["labels"];

/** Read once per session (sign-out drops it with the other queries); roles change rarely. */
export const entitiesQuery = queryOptions({
  queryKey: ["meta", "entities"] as const,
  queryFn: async () => (await unwrap(api.GET("/api/v1/meta/entities"))).items,
  staleTime: 30 * 60_000,
});

const EMPTY: readonly EntityMeta[] = [];

/** The entities the user may read (empty while loading). */
export function useEntities(): readonly EntityMeta[] {
  return useQuery(entitiesQuery).data ?? EMPTY;
}

export function useEntity(name: string): EntityMeta | undefined {
  return useEntities().find((e) => e.name === name);
}

/** Whether the role grants the action at some scope (record scope is the server's to check). */
export const may = (entity: EntityMeta | undefined, action: EntityAction): boolean =>
  Boolean(entity && entity.permissions[action] !== "none");

/** An entity's label in the interface language. */
export function useEntityLabel() {
  const { i18n } = useTranslation();
  return (entity: EntityMeta, form: "singular" | "plural" = "plural"): string => {
    const lng = (i18n.resolvedLanguage ?? "en") as Language;
    return (entity.labels[lng] ?? entity.label)[form];
  };
}
