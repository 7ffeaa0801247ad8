import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type EntityName = "companies" | "contacts" | "deals" | "tasks";
export const ENTITIES: readonly EntityName[] = ["companies", "contacts", "deals", "tasks"];

type ListBody<E extends EntityName> = JsonBody<paths[`/api/v1/${E}`]["get"]["responses"][200]>;
export type EntityRecord<E extends EntityName> = ListBody<E>["items"][number];
export type Company = EntityRecord<"companies">;
export type Contact = EntityRecord<"contacts">;
export type Deal = EntityRecord<"deals">;
export type Task = EntityRecord<"tasks">;
export type FieldMetaItem = JsonBody<
  paths["/api/v1/custom-fields/meta/{entity}"]["get"]["responses"][200]
>["items"][number];
export type CustomFieldDefinition = JsonBody<
  paths["/api/v1/custom-fields"]["get"]["responses"][200]
>["items"][number];

/** Any record as the generic screens see it. */
export type AnyRecord = { id: string } & Record<string, unknown>;

export interface ListTotal {
  count: number;
  capped: boolean;
}
export interface ListPage {
  items: AnyRecord[];
  nextCursor: string | null;
  total?: ListTotal;
}

export interface ListParams {
  limit?: number;
  cursor?: string;
  filter?: string;
  sort?: string;
  total?: "true" | "false";
}

const asPage = (body: { items: object[]; nextCursor: string | null; total?: ListTotal }): ListPage =>
  body as ListPage;

/** One page of a list endpoint (keyset cursor). */
export async function fetchList(
  entity: EntityName,
  query: ListParams,
  signal?: AbortSignal,
): Promise<ListPage> {
  const init = { params: { query }, signal };
  switch (entity) {
    case "companies":
      return asPage(await unwrap(api.GET("/api/v1/companies", init)));
    case "contacts":
      return asPage(await unwrap(api.GET("/api/v1/contacts", init)));
    case "deals":
      return asPage(await unwrap(api.GET("/api/v1/deals", init)));
    case "tasks":
      return asPage(await unwrap(api.GET("/api/v1/tasks", init)));
  }
}

export async function fetchRecord(entity: EntityName, id: string): Promise<AnyRecord> {
  const init = { params: { path: { id } } };
  switch (entity) {
    case "companies":
      return (await unwrap(api.GET("/api/v1/companies/{id}", init))) as AnyRecord;
    case "contacts":
      return (await unwrap(api.GET("/api/v1/contacts/{id}", init))) as AnyRecord;
    case "deals":
      return (await unwrap(api.GET("/api/v1/deals/{id}", init))) as AnyRecord;
    case "tasks":
      return (await unwrap(api.GET("/api/v1/tasks/{id}", init))) as AnyRecord;
  }
}

type PatchBody<E extends EntityName> = NonNullable<
  paths[`/api/v1/${E}/{id}`]["patch"]["requestBody"]
>["content"]["application/json"];

/** PATCH one record; the body is built from field metadata, so it is checked by the server (422). */
export async function patchRecord(
  entity: EntityName,
  id: string,
  body: Record<string, unknown>,
): Promise<AnyRecord> {
  const path = { params: { path: { id } } };
  switch (entity) {
    case "companies":
      return (await unwrap(
        api.PATCH("/api/v1/companies/{id}", { ...path, body: body as PatchBody<"companies"> }),
      )) as AnyRecord;
    case "contacts":
      return (await unwrap(
        api.PATCH("/api/v1/contacts/{id}", { ...path, body: body as PatchBody<"contacts"> }),
      )) as AnyRecord;
    case "deals":
      return (await unwrap(
        api.PATCH("/api/v1/deals/{id}", { ...path, body: body as PatchBody<"deals"> }),
      )) as AnyRecord;
    case "tasks":
      return (await unwrap(
        api.PATCH("/api/v1/tasks/{id}", { ...path, body: body as PatchBody<"tasks"> }),
      )) as AnyRecord;
  }
}

export async function deleteRecord(entity: EntityName, id: string): Promise<void> {
  const init = { params: { path: { id } } };
  switch (entity) {
    case "companies":
      await unwrap(api.DELETE("/api/v1/companies/{id}", init));
      return;
    case "contacts":
      await unwrap(api.DELETE("/api/v1/contacts/{id}", init));
      return;
    case "deals":
      await unwrap(api.DELETE("/api/v1/deals/{id}", init));
      return;
    case "tasks":
      await unwrap(api.DELETE("/api/v1/tasks/{id}", init));
      return;
  }
}

export async function fetchFieldMeta(entity: EntityName): Promise<FieldMetaItem[]> {
  const body = await unwrap(api.GET("/api/v1/custom-fields/meta/{entity}", { params: { path: { entity } } }));
  return body.items;
}

export async function fetchCustomFields(entity: EntityName): Promise<CustomFieldDefinition[]> {
  const body = await unwrap(api.GET("/api/v1/custom-fields", { params: { query: { entity } } }));
  return body.items;
}

export const reassign = (entity: EntityName, ids: string[], toUserId: string, reason: string) =>
  unwrap(api.POST("/api/v1/reassign", { body: { entity, ids, toUserId, reason } }));
