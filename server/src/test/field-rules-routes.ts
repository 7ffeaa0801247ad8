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
  "GET /api/v1/meta/entities/:entity/assignees": () =>
    entityCatalog()
      .owned()
      .map((d) => `/api/v1/meta/entities/${d.name}/assignees`),
  "GET /api/v1/custom-fields/:id": (f) => [`/api/v1/custom-fields/${f.customFieldId}`],
  "GET /api/v1/users/:id": (f) => [`/api/v1/users/${f.userId}`, `/api/v1/users/${f.adminId}`],
  "GET /api/v1/users/:id/handover-plan": (f) => [`/api/v1/users/${f.adminId}/handover-plan`],
  "GET /api/v1/teams/:id": (f) => [`/api/v1/teams/${f.teamId}`],
  "GET /api/v1/teams/:id/members": (f) => [`/api/v1/teams/${f.teamId}/members`],
  "GET /api/v1/roles/:id": (f) => [`/api/v1/roles/${f.roleId}`],
  "GET /api/v1/notifications/:id": (f) => [`/api/v1/notifications/${f.notificationId}`],
  "GET /api/v1/views/:id": (f) => [`/api/v1/views/${f.viewId}`],
  "GET /api/v1/tags/:id": (f) => [`/api/v1/tags/${f.tagId}`],
  "GET /api/v1/sms": (f) => [`/api/v1/sms?contactId=${f.records.contacts}`],
  "GET /api/v1/pipelines/:id/board": (f) => [`/api/v1/pipelines/${f.pipelineId}/board`],
  "GET /api/v1/files": (f) =>
    ["contacts", "companies", "deals"]
      .filter((e) => f.records[e])
      .map((e) => `/api/v1/files?recordType=${e}&recordId=${f.records[e]}`),
  "GET /api/v1/analytics/targets": () => ["/api/v1/analytics/targets?from=2026-01&to=2026-12"],
  "GET /api/v1/automation-runs": (f) =>
    ["contacts", "companies", "deals"]
      .filter((e) => f.records[e])
      .map((e) => `/api/v1/automation-runs?entity=${e}&recordId=${f.records[e]}`),
};

export const FIELD_RULE_SKIPPED: Record<string, string> = {
  "GET /api/v1/business-calendar/presets/:country":
    "settings.manage only; a country's public holidays computed by rule, no record values (presets.test.ts)",
  "GET /api/v1/files/:id":
    "a file's name, size and kind, not record fields; the record's read scope decides (files/files.test.ts)",
  "GET /api/v1/files/:id/download":
    "a file's bytes, not record fields; the record's read scope (files/files.test.ts)",
  "GET /api/v1/templates/:id":
    "a template holds its source, not record values; rendering refuses hidden fields (templates tests)",
  "GET /api/v1/sms-providers/:id":
    "settings.manage only; provider settings hold no record values (sms tests)",
  "GET /api/v1/sms/callbacks/:providerId/:token":
    "a provider's public callback (secret token), answers the provider, not users (sms tests)",
  "GET /api/v1/reports/:id":
    "a saved report's definition (field keys, no record values); its runs are the reports-matrix and reports tests",
  "GET /api/v1/reports/:id/run":
    "a definition using a hidden field answers 422 naming it, never its values (reports.test.ts)",
  "GET /api/v1/reports/:id/export": "the same run as /run, as a file (reports.test.ts)",
  "GET /api/v1/dashboards/:id":
    "widgets using a hidden field come back hidden without their report (reports.test.ts)",
  "GET /api/v1/dashboards/:id/widgets/:widgetId/run":
    "422 on a hidden field, as /reports/:id/run (reports.test.ts)",
  "GET /api/v1/dashboards/:id/export": "only the viewer's visible widgets, run as /run (reports.test.ts)",
  "GET /api/v1/conversations/:id":
    "mail threads carry letters, not record fields; visibility by mailbox and linked records (conversations tests)",
  "GET /api/v1/conversations/:id/attachments/:attachmentId":
    "a letter's file, not a record field; thread visibility (conversations tests)",
  "GET /api/v1/conversations/:id/links":
    "entity names and record ids only, no record field values; the thread's visibility (visibleThread in mail/links-service.ts) decides (mail-sync tests)",
  "GET /api/v1/mailboxes/:id":
    "a mailbox's settings and sync state (password write-only), no record values; only mailboxes visibleMailboxes returns — own, team-granted shared, all shared for settings.manage (mail-sync tests)",
  "GET /api/v1/webhooks/:id":
    "webhooks.manage only, the caller's own subscriptions; holds no record values (webhooks tests)",
  "GET /api/v1/webhooks/:id/deliveries":
    "webhooks.manage only, own subscriptions; bodies were stripped of the owner's hidden fields when sent (webhooks delivery tests)",
  "GET /api/v1/webhooks/:id/deliveries/:deliveryId":
    "webhooks.manage only, own subscriptions; bodies were stripped of the owner's hidden fields when sent (webhooks delivery tests)",
  "GET /api/v1/automations/:id":
    "automations.manage only; a rule's definition holds no record values (fields it names are checked against its owner's rules at save)",
  "GET /api/v1/automations/:id/versions":
    "automations.manage only; rule definitions hold no record values (automations tests)",
  "GET /api/v1/automations/:id/runs":
    "automations.manage only; the run log holds ids and what the rule wrote with its owner's permissions (automations tests)",
  "GET /api/v1/analytics/sales/forecast":
    "answers 403 analytics_field_hidden to a role that cannot see deals.amount (the role under test), never the figure (analytics tests)",
  "GET /api/v1/analytics/sales/deal-size":
    "answers 403 analytics_field_hidden to a role that cannot see deals.amount (the role under test), never the figure (analytics tests)",
  "GET /api/v1/analytics/sales/won-revenue":
    "answers 403 analytics_field_hidden to a role that cannot see deals.amount (the role under test), never the figure (analytics tests)",
  "GET /api/v1/analytics/sales/plan-fact":
    "answers 403 analytics_field_hidden to a role that cannot see deals.amount (the role under test), never the figure (analytics tests)",
  "GET /api/v1/analytics/channels/revenue":
    "answers 403 analytics_field_hidden to a role that cannot see deals.amount (the role under test), never the figure (analytics tests)",
  "GET /api/v1/webhooks":
    "webhooks.manage only: the role under test gets 403; subscription settings, no record values (webhooks tests)",
  "GET /api/v1/webhooks/event-types":
    "webhooks.manage only: the role under test gets 403; the catalogue of event names, no record values",
  "GET /api/v1/automations":
    "automations.manage only: the role under test gets 403; rule definitions, no record values (automations tests)",
  "GET /api/v1/automation-templates":
    "automations.manage only: the role under test gets 403; built-in rule templates, no record values",
  "GET /api/v1/automations/settings":
    "automations.manage only: the role under test gets 403; module settings, no record values",
  "GET /api/v1/automations/catalog":
    "automations.manage only: the role under test gets 403; trigger kinds and entity names, no record values (catalog tests)",
  "GET /api/v1/automations/attachable-files":
    "automations.manage only: the role under test gets 403; file names readable by caller and rule owner (attachable-files tests)",
  "GET /api/v1/notifications/stream":
    "server-sent events that stay open; it pushes the payloads GET /notifications answers (covered)",
  "GET /api/v1/users/:id/avatar": "a user's photo (binary, 404 without one); holds no CRM record values",
  "GET /api/v1/imports/:id": "shows only the file its creator uploaded; the role under test cannot import",
  "GET /api/v1/imports/:id/preview":
    "shows only the file its creator uploaded; the role under test cannot import",
  "GET /api/v1/imports/:id/errors.csv":
    "rows of the file its creator uploaded; the role under test cannot import",
  "GET /api/v1/imports/:id/errors":
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
