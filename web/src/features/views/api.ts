import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";
import { apiEntity, type EntityName } from "../records";

export type SavedView = JsonBody<paths["/api/v1/views"]["get"]["responses"][200]>["items"][number];
export type CreateViewBody = NonNullable<
  paths["/api/v1/views"]["post"]["requestBody"]
>["content"]["application/json"];
export type UpdateViewBody = NonNullable<
  paths["/api/v1/views/{id}"]["patch"]["requestBody"]
>["content"]["application/json"];
export type Visibility = SavedView["visibility"];

export const viewsKey = (entity: EntityName) => ["views", entity] as const;

export const fetchViews = async (entity: EntityName) =>
  (await unwrap(api.GET("/api/v1/views", { params: { query: { entity: apiEntity(entity) } } }))).items;

export const createView = (body: CreateViewBody) => unwrap(api.POST("/api/v1/views", { body }));

export const updateView = (id: string, body: UpdateViewBody) =>
  unwrap(api.PATCH("/api/v1/views/{id}", { params: { path: { id } }, body }));

export const deleteView = (id: string) =>
  unwrap(api.DELETE("/api/v1/views/{id}", { params: { path: { id } } }));

/** "Default view for me" is a per-user browser preference (the API has no such setting yet). */
const defaultKey = (userId: string, entity: EntityName) => `tandem.view.default.${userId}.${entity}`;

export function getDefaultView(userId: string, entity: EntityName): string | null {
  return globalThis.localStorage?.getItem(defaultKey(userId, entity)) ?? null;
}

export function setDefaultView(userId: string, entity: EntityName, viewId: string | null): void {
  if (viewId) globalThis.localStorage?.setItem(defaultKey(userId, entity), viewId);
  else globalThis.localStorage?.removeItem(defaultKey(userId, entity));
}

/** Column widths are kept per view in the browser (the view stores which columns and their order). */
const widthsKey = (entity: EntityName, viewId: string | null) =>
  `tandem.view.widths.${entity}.${viewId ?? "all"}`;

export function getWidths(entity: EntityName, viewId: string | null): Record<string, number> {
  try {
    const raw = globalThis.localStorage?.getItem(widthsKey(entity, viewId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export function saveWidths(entity: EntityName, viewId: string | null, widths: Record<string, number>): void {
  globalThis.localStorage?.setItem(widthsKey(entity, viewId), JSON.stringify(widths));
}
