import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";
import { fieldKeys } from "../records";

type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer B }
    ? JsonBody<B>
    : R extends { 201: infer B }
      ? JsonBody<B>
      : never
  : never;
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type AdminUser = Ok<"/api/v1/users", "get">["items"][number];
export type UserPatch = Body<"/api/v1/users/{id}", "patch">;
export type Invitation = Ok<"/api/v1/invitations", "get">["items"][number];
export type InvitationBody = Body<"/api/v1/invitations", "post">;
export type Team = Ok<"/api/v1/teams", "get">["items"][number];
export type TeamMember = Ok<"/api/v1/teams/{id}/members", "get">["items"][number];
export type Role = Ok<"/api/v1/roles", "get">["items"][number];
export type RoleBody = Body<"/api/v1/roles", "post">;
export type PermissionCatalog = Ok<"/api/v1/roles/permission-catalog", "get">;
export type HandoverPlan = Ok<"/api/v1/users/{id}/handover-plan", "get">;
export type DeactivateBody = Body<"/api/v1/users/{id}/deactivate", "post">;
export type DeactivateResult = Ok<"/api/v1/users/{id}/deactivate", "post">;
export type Pipeline = Ok<"/api/v1/pipelines", "get">["items"][number];
export type Stage = Pipeline["stages"][number];
export type StageKind = Stage["kind"];
export type CustomField = Ok<"/api/v1/custom-fields", "get">["items"][number];
export type CustomFieldBody = Body<"/api/v1/custom-fields", "post">;
export type CustomFieldPatch = Body<"/api/v1/custom-fields/{id}", "patch">;
export type CustomFieldEntity = CustomFieldBody["entity"];
export type CustomFieldType = CustomFieldBody["type"];
export type FieldMeta = Ok<"/api/v1/custom-fields/meta/{entity}", "get">["items"][number];
export type PasswordPolicy = Ok<"/api/v1/settings/password-policy", "get">;
export type ApiToken = Ok<"/api/v1/api-tokens", "get">["items"][number];
export type CreatedApiToken = Ok<"/api/v1/api-tokens", "post">;
export type AuditPage = Ok<"/api/v1/audit-log", "get">;
export type AuditEntry = AuditPage["items"][number];
export type AuditQuery = NonNullable<paths["/api/v1/audit-log"]["get"]["parameters"]["query"]>;

/** Every user, active or not (administrative fields come with users.manage). */
export const adminUsersQuery = queryOptions({
  queryKey: ["settings", "users"],
  queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { limit: 200 } } })),
  select: (page) => page.items,
});

export const invitationsQuery = queryOptions({
  queryKey: ["settings", "invitations"],
  queryFn: () => unwrap(api.GET("/api/v1/invitations")),
  select: (page) => page.items,
});

export const teamsQuery = queryOptions({
  queryKey: ["settings", "teams"],
  queryFn: () => unwrap(api.GET("/api/v1/teams")),
  select: (page) => page.items,
});

export const teamMembersQuery = (teamId: string) =>
  queryOptions({
    queryKey: ["settings", "teams", teamId, "members"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/teams/{id}/members", { params: { path: { id: teamId }, query: { limit: 200 } } }),
      ),
    select: (page) => page.items,
  });

export const rolesQuery = queryOptions({
  queryKey: ["settings", "roles"],
  queryFn: () => unwrap(api.GET("/api/v1/roles")),
  select: (page) => page.items,
});

export const catalogQuery = queryOptions({
  queryKey: ["settings", "permission-catalog"],
  queryFn: () => unwrap(api.GET("/api/v1/roles/permission-catalog")),
  staleTime: Number.POSITIVE_INFINITY,
});

export const fieldMetaQuery = (entity: string) =>
  queryOptions({
    queryKey: fieldKeys.metaPage(entity),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/custom-fields/meta/{entity}", {
          params: { path: { entity: entity as CustomFieldEntity } },
        }),
      ),
    select: (page) => page.items,
    staleTime: 60_000,
  });

export const pipelinesQuery = queryOptions({
  queryKey: ["settings", "pipelines"],
  queryFn: () => unwrap(api.GET("/api/v1/pipelines")),
  select: (page) => page.items,
});

export const customFieldsQuery = (entity: CustomFieldEntity) =>
  queryOptions({
    queryKey: fieldKeys.definitionsWithDeleted(entity),
    queryFn: () =>
      unwrap(api.GET("/api/v1/custom-fields", { params: { query: { entity, includeDeleted: "true" } } })),
    select: (page) => page.items,
  });

export const passwordPolicyQuery = queryOptions({
  queryKey: ["settings", "password-policy"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/password-policy")),
});

/** The workspace's country; the import wizard pre-fills its default phone country from it. */
export const workspaceCountryQuery = queryOptions({
  queryKey: ["settings", "workspace-country"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/workspace-country")),
});

/** The same key the deal and price forms read, so a saved default reaches them at once. */
export const defaultCurrencyQuery = queryOptions({
  queryKey: ["settings", "default-currency"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/default-currency")),
});

export const mailStatusQuery = queryOptions({
  queryKey: ["settings", "mail"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/mail")),
});

export const apiTokensQuery = queryOptions({
  queryKey: ["settings", "api-tokens"],
  queryFn: () => unwrap(api.GET("/api/v1/api-tokens")),
  select: (page) => page.items,
});
