import { api, requestJson, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";
import type { DuplicateMatch } from "./DuplicateWarning";

/** Any entity the server declares (`GET /api/v1/meta/entities`). */
export type EntityName = string;
/** The entity names of the server's catalogue, as the generated types know them (the web takes any). */
export type ApiEntity = NonNullable<paths["/api/v1/views"]["get"]["parameters"]["query"]>["entity"];
export const apiEntity = (entity: EntityName) => entity as NonNullable<ApiEntity>;
/** Entities with screens of their own, typed from the API (record pages, the deal board). */
type TypedEntity = "companies" | "contacts" | "deals" | "tasks";

type ListBody<E extends TypedEntity> = JsonBody<paths[`/api/v1/${E}`]["get"]["responses"][200]>;
export type EntityRecord<E extends TypedEntity> = ListBody<E>["items"][number];
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

/**
 * The collection path of an entity's records. Every record API follows one shape (`GET` list with
 * filter/sort/cursor, `POST` create, `GET`/`PATCH`/`DELETE` by id), so one client serves every entity.
 */
export const recordsPath = (entity: string): string => `/api/v1/${encodeURIComponent(entity)}`;
const recordPath = (entity: string, id: string) => `${recordsPath(entity)}/${encodeURIComponent(id)}`;

const jsonInit = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

const withQuery = (path: string, query: object): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

/** One page of a list endpoint (keyset cursor); lists may accept extra parameters (tasks: `view`, `linked`). */
export async function fetchList(
  entity: string,
  query: ListParams & Record<string, string | number | undefined>,
  signal?: AbortSignal,
): Promise<ListPage> {
  return (await requestJson(withQuery(recordsPath(entity), query), signal ? { signal } : {})) as ListPage;
}

export async function fetchRecord(entity: string, id: string): Promise<AnyRecord> {
  return (await requestJson(recordPath(entity, id))) as AnyRecord;
}

/** What `POST` answers: the new record, with duplicate warnings where the entity checks for them. */
export type CreatedRecord = AnyRecord & { warnings?: { matches: DuplicateMatch[] }[] };

/** POST one record; the body is built from field metadata, so it is checked by the server (422). */
export async function createRecord(entity: string, body: Record<string, unknown>): Promise<CreatedRecord> {
  return (await requestJson(recordsPath(entity), jsonInit("POST", body))) as CreatedRecord;
}

/** `If-Match` for the version the user saw: the server answers 412 `version_conflict` if it moved on. */
const ifMatch = (version?: unknown): Record<string, string> =>
  Number.isInteger(version) ? { "If-Match": `"v${version as number}"` } : {};

/**
 * PATCH one record; the body is built from field metadata, so it is checked by the server (422). With the
 * `version` the user edited, a change someone made meanwhile is answered 412 instead of being overwritten.
 */
export async function patchRecord(
  entity: string,
  id: string,
  body: Record<string, unknown>,
  version?: unknown,
): Promise<AnyRecord> {
  const init = jsonInit("PATCH", body);
  init.headers = { ...(init.headers as Record<string, string>), ...ifMatch(version) };
  return (await requestJson(recordPath(entity, id), init)) as AnyRecord;
}

export async function deleteRecord(entity: string, id: string, version?: unknown): Promise<void> {
  await requestJson(recordPath(entity, id), { method: "DELETE", headers: ifMatch(version) });
}

export async function fetchFieldMeta(entity: EntityName): Promise<FieldMetaItem[]> {
  const body = await unwrap(
    api.GET("/api/v1/custom-fields/meta/{entity}", { params: { path: { entity: apiEntity(entity) } } }),
  );
  return body.items;
}

/** The entities with custom fields, as the generated types know them (a narrower list than the views'). */
type CustomFieldEntity = NonNullable<paths["/api/v1/custom-fields"]["get"]["parameters"]["query"]>["entity"];

export async function fetchCustomFields(entity: EntityName): Promise<CustomFieldDefinition[]> {
  const body = await unwrap(
    api.GET("/api/v1/custom-fields", { params: { query: { entity: entity as CustomFieldEntity } } }),
  );
  return body.items;
}

export const reassign = (entity: EntityName, ids: string[], toUserId: string, reason: string) =>
  unwrap(api.POST("/api/v1/reassign", { body: { entity, ids, toUserId, reason } }));
