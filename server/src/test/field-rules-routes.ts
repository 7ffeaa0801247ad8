import type { ApiRoute } from "../platform/http/app.js";
import { entityCatalog } from "../platform/records/catalog.js";
import type { Capability } from "../platform/records/definition.js";

/**
 * How `field-rules.test.ts` calls each GET route of the route table as a role with hidden fields. A GET route
 * without path parameters is called as is; an `access.entity` route `/api/v1/<entity>/:id…` gets the fixture
 * record of that entity; every other route needs an entry in `FIELD_RULE_URLS` (the URLs to call) or in
 * `FIELD_RULE_SKIPPED` (why it cannot be exercised), or the test fails. Every call must answer 200.
 */
export interface FieldRuleFixture {
  /** One record per entity (companies, contacts, deals with the hidden values; tasks, activities…). */
  records: Record<string, string>;
  /** Records merged into the fixture records (their history holds hidden values too). */
  merged: Record<string, string>;
  userId: string;
  adminId: string;
  teamId: string;
  roleId: string;
  customFieldId: string;
  pipelineId: string;
  tagId: string;
  viewId: string;
  notificationId: string;
  exportIds: string[];
  /** Text to search for: every hidden value, whole and in parts. */
  searches: string[];
}

/** A URL to call; `pick` selects the part of the JSON answer to inspect (to leave out an echo of the query). */
export type FieldRuleCall = string | { url: string; pick: (json: unknown) => unknown };

/** The fixture's entities offering a capability (the fixture has a record for every entity with a factory). */
const having = (f: FieldRuleFixture, capability: Capability) =>
  entityCatalog()
    .names(capability)
    .filter((e) => f.records[e]);

export const FIELD_RULE_URLS: Record<string, (f: FieldRuleFixture) => FieldRuleCall[]> = {
  "GET /api/v1/search": (f) =>
    f.searches.map((q) => ({
      url: `/api/v1/search?q=${encodeURIComponent(q)}`,
      // The answer repeats the query; only the hits may not contain it.
      pick: (json) => (json as { groups: unknown }).groups,
    })),
  "GET /api/v1/duplicates": (f) => having(f, "merge").map((e) => `/api/v1/duplicates?entity=${e}`),
  "GET /api/v1/timeline/:entity/:id": (f) =>
    having(f, "timeline").map((e) => `/api/v1/timeline/${e}/${f.records[e]}`),
  "GET /api/v1/audit-log/records/:entity/:id": (f) =>
    entityCatalog()
      .owned()
      .flatMap((d) => [f.records[d.name], f.merged[d.name]].filter(Boolean).map((id) => [d.name, id]))
      .map(([e, id]) => `/api/v1/audit-log/records/${e}/${id}`),
  "GET /api/v1/audit-log": (f) => [
    "/api/v1/audit-log?limit=200",
    ...having(f, "merge").map((e) => `/api/v1/audit-log?entity=${e}&entityId=${f.records[e]}`),
  ],
  "GET /api/v1/exports/:id": (f) => f.exportIds.map((id) => `/api/v1/exports/${id}`),
  "GET /api/v1/exports/:id/download": (f) => f.exportIds.map((id) => `/api/v1/exports/${id}/download`),
  "GET /api/v1/custom-fields/meta/:entity": () =>
    entityCatalog()
      .names("customFields")
      .map((e) => `/api/v1/custom-fields/meta/${e}`),
  "GET /api/v1/custom-fields/:id": (f) => [`/api/v1/custom-fields/${f.customFieldId}`],
  "GET /api/v1/users/:id": (f) => [`/api/v1/users/${f.userId}`, `/api/v1/users/${f.adminId}`],
  "GET /api/v1/users/:id/handover-plan": (f) => [`/api/v1/users/${f.adminId}/handover-plan`],
  "GET /api/v1/teams/:id": (f) => [`/api/v1/teams/${f.teamId}`],
  "GET /api/v1/teams/:id/members": (f) => [`/api/v1/teams/${f.teamId}/members`],
  "GET /api/v1/roles/:id": (f) => [`/api/v1/roles/${f.roleId}`],
  "GET /api/v1/notifications/:id": (f) => [`/api/v1/notifications/${f.notificationId}`],
  "GET /api/v1/views/:id": (f) => [`/api/v1/views/${f.viewId}`],
  "GET /api/v1/tags/:id": (f) => [`/api/v1/tags/${f.tagId}`],
  "GET /api/v1/pipelines/:id/board": (f) => [`/api/v1/pipelines/${f.pipelineId}/board`],
};

export const FIELD_RULE_SKIPPED: Record<string, string> = {
  "GET /api/v1/notifications/stream":
    "server-sent events that stay open; it pushes the payloads GET /notifications answers (covered)",
  "GET /api/v1/users/:id/avatar": "a user's photo (binary, 404 without one); holds no CRM record values",
  "GET /api/v1/imports/:id": "shows only the file its creator uploaded; the role under test cannot import",
  "GET /api/v1/imports/:id/preview":
    "shows only the file its creator uploaded; the role under test cannot import",
  "GET /api/v1/imports/:id/errors.csv":
    "rows of the file its creator uploaded; the role under test cannot import",
};

/** The URLs to call for a route, or null when it needs an entry in `FIELD_RULE_URLS`. */
export function fieldRuleCalls(route: ApiRoute, f: FieldRuleFixture): FieldRuleCall[] | null {
  const key = `${route.method} ${route.url}`;
  const listed = FIELD_RULE_URLS[key];
  if (listed) return listed(f);
  if (!route.url.includes(":")) return [route.url];
  if (route.access.kind === "entity") {
    const entity = route.access.entity;
    const base = entityCatalog().get(entity)?.apiPath ?? `/api/v1/${entity.replace(/_/g, "-")}`;
    const prefix = `${base}/:id`;
    const id = f.records[entity];
    const rest = route.url.slice(prefix.length);
    if (id && route.url.startsWith(prefix) && !rest.includes(":"))
      return [`${prefix.slice(0, -3)}${id}${rest}`];
  }
  return null;
}
