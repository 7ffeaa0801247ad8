import { sql } from "kysely";
import type { Database } from "../platform/db/database.js";
import type { ApiRoute } from "../platform/http/app.js";
import { entityCatalog } from "../platform/records/catalog.js";

/**
 * What the authorization matrix needs to know about routes beyond plain CRUD.
 *
 * `OTHER_ENTITY_ROUTES`: `access.entity` routes that act on one record (`:id`) but are not list/get/create/
 * update/delete. The matrix calls each on fresh records owned by the caller, a teammate and an outsider and
 * expects the answers the role's scope for the route's action implies. `prepare` brings the record into the
 * state the route needs (a restore needs a deleted record). Routes whose `:id` is not a record of the route's
 * entity are listed in `SCOPE_NONE_ONLY` with the reason; the matrix checks only that a role without the
 * action never succeeds on them.
 */
export interface OtherRoute {
  body?: (db: Database, id: string) => Promise<object> | object;
  prepare?: (db: Database, entity: string, id: string) => Promise<void>;
}

const softDelete = async (db: Database, entity: string, id: string) => {
  const def = entityCatalog().get(entity);
  if (!def?.softDeleteColumn) throw new Error(`${entity} has no soft delete`);
  await sql`update ${sql.table(def.table)} set ${sql.ref(def.softDeleteColumn)} = now() where id = ${id}`.execute(
    db,
  );
};

const otherStage = async (db: Database, id: string) => {
  const stage = await db
    .selectFrom("deals as d")
    .innerJoin("pipeline_stages as s", "s.pipeline_id", "d.pipeline_id")
    .select("s.id")
    .where("d.id", "=", id)
    .whereRef("s.id", "<>", "d.stage_id")
    .orderBy("s.position")
    .executeTakeFirstOrThrow();
  return { stageId: stage.id };
};

export const OTHER_ENTITY_ROUTES: Record<string, OtherRoute> = {
  "POST /api/v1/tasks/:id/complete": { body: () => ({ result: "Done in the matrix" }) },
  "POST /api/v1/tasks/:id/reschedule": {
    body: () => ({ dueAt: new Date(Date.now() + 86_400_000).toISOString(), timeZone: "Europe/Moscow" }),
  },
  "POST /api/v1/deals/:id/move": { body: otherStage },
  "GET /api/v1/deals/:id/stage-history": {},
  "GET /api/v1/contacts/:id/vcard": {},
};

/**
 * How the matrix calls a record route beyond CRUD: `OTHER_ENTITY_ROUTES`, or — for every entity with a
 * soft-delete column — `POST <apiPath>/:id/restore` on a deleted record, so a new entity's restore is covered
 * by declaring it.
 */
export function otherEntityRoute(key: string): OtherRoute | undefined {
  const listed = OTHER_ENTITY_ROUTES[key];
  if (listed) return listed;
  const restore = /^POST (.+)\/:id\/restore$/.exec(key);
  const def = entityCatalog()
    .all()
    .find((d) => (d.apiPath ?? `/api/v1/${d.name}`) === restore?.[1]);
  return def?.softDeleteColumn ? { prepare: softDelete } : undefined;
}

export const SCOPE_NONE_ONLY: Record<string, string> = {
  "GET /api/v1/timeline/:entity/:id":
    "the id is a record of any linkable entity; activities/timeline tests check read scope per item",
  "GET /api/v1/pipelines/:id/board": "the id is a pipeline (unowned); the deals on it are the list's scope",
  "GET /api/v1/exchange-rates":
    "workspace settings, no records: readable by whoever may read deals (the board converts with them; exchange-rates.test.ts)",
  "POST /api/v1/sms":
    "the contact is a body key: sendSms loads it within the caller's contacts read scope (404 otherwise; sms.test.ts)",
  "GET /api/v1/sms":
    "the contact is a query key: the list loads it within the caller's contacts read scope (404 otherwise; sms.test.ts)",
};

const ANALYTICS_SCOPE =
  "figures within the read scope of each entity; team/person/pipeline filters only narrow it (analytics-matrix.test.ts)";

/**
 * `access.authenticated()` routes that take a record or entity (URL parameter, or a body/query key such as
 * `entity`, `ids`, `…Id`): the route-level rule cannot check record scope, so each one must say here where its
 * scope is enforced and tested. A new such route fails `authorization-routes.test.ts` until it is listed.
 */
export const AUTHENTICATED_RECORD_ROUTES: Record<string, string> = {
  "GET /api/v1/meta/entities/:entity/assignees":
    "users only (no record values); the caller's assign scope for the entity, 404 without read (meta/assignees.test.ts, record-permissions-matrix.test.ts)",
  "GET /api/v1/reports/:id":
    "shared reports only (owner/team/role/everyone), 404 otherwise; runs in the viewer's scope (reports-matrix.test.ts)",
  "GET /api/v1/reports/:id/run":
    "the viewer's read scope and field rules (reports-matrix.test.ts, reports.test.ts)",
  "GET /api/v1/reports/:id/export": "the viewer's read scope and field rules, as /run (reports.test.ts)",
  "PATCH /api/v1/reports/:id": "owner (or settings.manage) of a report the caller sees (reports.test.ts)",
  "DELETE /api/v1/reports/:id": "owner (or settings.manage) of a report the caller sees (reports.test.ts)",
  "POST /api/v1/reports/:id/duplicate": "a report the caller sees, copied as theirs (reports.test.ts)",
  "POST /api/v1/reports":
    "the definition must resolve for the author: readable entity, no hidden field (reports.test.ts)",
  "GET /api/v1/dashboards/:id":
    "shared dashboards only; widgets on hidden fields marked hidden (reports.test.ts)",
  "PATCH /api/v1/dashboards/:id":
    "owner (or settings.manage); new widgets name reports the editor sees (reports.test.ts)",
  "DELETE /api/v1/dashboards/:id": "owner (or settings.manage) (reports.test.ts)",
  "POST /api/v1/dashboards": "widgets name reports the author sees (reports.test.ts)",
  "GET /api/v1/dashboards/:id/widgets/:widgetId/run":
    "the viewer's read scope and field rules (reports.test.ts)",
  "GET /api/v1/dashboards/:id/export":
    "the dashboard's visible widgets in the viewer's scope (reports.test.ts)",
  "GET /api/v1/report-schedules": "the caller's schedules and those sending to them (schedules.test.ts)",
  "POST /api/v1/report-schedules":
    "a report/dashboard the caller sees; recipients self/team unless users.manage (schedules.test.ts)",
  "PATCH /api/v1/report-schedules/:id": "owner of the schedule (schedules.test.ts)",
  "DELETE /api/v1/report-schedules/:id": "owner of the schedule (schedules.test.ts)",
  "GET /api/v1/analytics/sales/funnel": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/sales/forecast": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/sales/win-rate": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/sales/deal-size": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/sales/cycle": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/sales/time-in-stage": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/sales/lost-reasons": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/sales/won-revenue": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/sales/plan-fact": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/team-performance": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/activity-monitoring": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/activity-monitoring/teams": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/channels": ANALYTICS_SCOPE,
  "GET /api/v1/analytics/channels/revenue": ANALYTICS_SCOPE,
  "DELETE /api/v1/analytics/targets/:id":
    "admin (settings.manage) only; targets are not owned records (analytics tests)",
  "POST /api/v1/files": "edit scope of the record named by recordType/recordId (files/files.test.ts)",
  "GET /api/v1/files": "read scope of the record named by recordType/recordId (files/files.test.ts)",
  "GET /api/v1/files/:id": "read scope of the file's record; 404 otherwise (files/files.test.ts)",
  "PATCH /api/v1/files/:id": "edit scope of the file's record (files/files.test.ts)",
  "DELETE /api/v1/files/:id": "edit scope of the file's record (files/files.test.ts)",
  "GET /api/v1/files/:id/download": "read scope of the file's record; 404 otherwise (files/files.test.ts)",
  "GET /api/v1/automation-runs":
    "read scope of the record named by entity/recordId; 404 otherwise (automations/automations.test.ts)",
  "DELETE /api/v1/auth/sessions/:id": "the caller's own sessions only (auth login tests)",
  "DELETE /api/v1/api-tokens/:id": "the caller's own tokens only (auth token tests)",
  "GET /api/v1/users": "user directory (no CRM records); filters by team/role",
  "GET /api/v1/users/:id": "user directory (no CRM records)",
  "GET /api/v1/users/:id/avatar": "user directory photo (no CRM records; avatar tests)",
  "GET /api/v1/teams/:id": "team directory (no CRM records)",
  "GET /api/v1/teams/:id/members": "team directory (no CRM records)",
  "GET /api/v1/roles/:id": "role definitions (identity roles tests)",
  "GET /api/v1/audit-log/records/:entity/:id": "matrix: record history follows read scope (this file)",
  "POST /api/v1/reassign": "matrix: assign scope per record and target (this file, handover tests)",
  "POST /api/v1/notifications/:id/read": "the caller's own notifications only (notifications tests)",
  "GET /api/v1/notifications/stream": "the caller's own notifications only; lastEventId is a cursor",
  "GET /api/v1/search": "each provider applies ownerScope and field rules (search tests)",
  "POST /api/v1/imports": "import scope checked per entity (imports tests); visible to its creator only",
  "GET /api/v1/imports/:id": "imports are visible to their creator only (imports tests)",
  "GET /api/v1/imports/:id/preview": "imports are visible to their creator only (imports tests)",
  "PUT /api/v1/imports/:id/mapping": "imports are visible to their creator only (imports tests)",
  "POST /api/v1/imports/:id/mapping/check": "imports are visible to their creator only (imports tests)",
  "POST /api/v1/imports/:id/dry-run": "imports are visible to their creator only (imports tests)",
  "GET /api/v1/imports/:id/errors.csv": "imports are visible to their creator only (imports tests)",
  "GET /api/v1/imports/:id/errors": "imports are visible to their creator only (imports tests)",
  "POST /api/v1/imports/:id/run": "imports are visible to their creator only (imports tests)",
  "POST /api/v1/imports/:id/revert": "imports are visible to their creator only (imports tests)",
  "POST /api/v1/exports": "matrix: export contents = read ∩ export scope (this file)",
  "GET /api/v1/exports/:id": "matrix: another user's export is 404 (this file)",
  "GET /api/v1/exports/:id/download": "matrix: another user's export is 404 (this file)",
  "DELETE /api/v1/exports/:id": "matrix: another user's export is 404 (this file)",
  "GET /api/v1/imports": "the caller's own imports only (imports tests)",
  "DELETE /api/v1/imports/:id": "imports are visible to their creator only (imports tests)",
  "GET /api/v1/notifications/:id": "the caller's own notifications only (notifications tests)",
  "PATCH /api/v1/notifications/:id": "the caller's own notifications only (notifications tests)",
  "DELETE /api/v1/notifications/:id": "the caller's own notifications only (notifications tests)",
  "GET /api/v1/custom-fields/:id":
    "a field definition, not a record; deleted ones to admins (custom-fields tests)",
  "GET /api/v1/tags/:id": "tag catalogue entry, not an owned record (tags tests)",
  "GET /api/v1/views/:id": "own and shared views only (views tests)",
  "POST /api/v1/merge": "all records must be readable and updatable, else 404 (merge tests)",
  "POST /api/v1/merge/:mergeId/undo": "only merges of records the caller may update (merge tests)",
  "GET /api/v1/duplicates": "groups within the caller's read scope (merge tests)",
  "POST /api/v1/duplicates/check":
    "create scope on the entity; matches within the caller's read scope (merge duplicate-check tests)",
  "GET /api/v1/custom-fields": "field definitions, hidden fields removed (custom-fields tests)",
  "GET /api/v1/custom-fields/meta/:entity": "field metadata as the caller may use it (custom-fields tests)",
  "GET /api/v1/views": "saved views: own and shared only (views tests)",
  "POST /api/v1/views": "saved views belong to the caller (views tests)",
  "PATCH /api/v1/views/:id": "only the caller's own views (views tests)",
  "DELETE /api/v1/views/:id": "only the caller's own views (views tests)",
  "POST /api/v1/mailboxes":
    "personal for the caller; shared (teamIds) only with settings.manage (mail tests)",
  "POST /api/v1/mailboxes/test": "mailboxId must be a mailbox the caller manages, else 404/403 (mail tests)",
  "GET /api/v1/mailboxes/:id":
    "own personal, shared granted to the caller's team, admins all shared; else 404 (mail tests)",
  "PATCH /api/v1/mailboxes/:id": "owner (personal) or settings.manage (shared) only (mail tests)",
  "DELETE /api/v1/mailboxes/:id": "owner (personal) or settings.manage (shared) only (mail tests)",
  "POST /api/v1/mailboxes/:id/sync": "owner (personal) or settings.manage (shared) only (mail tests)",
  "GET /api/v1/mailboxes/unknown-senders": "only mailboxes the caller reads (mail tests)",
  "POST /api/v1/mailboxes/unknown-senders/dismiss": "only mailboxes the caller reads (mail tests)",
  "GET /api/v1/conversations/:id/links":
    "thread visibility (mailbox access or a readable linked record), else 404 (mail tests)",
  "POST /api/v1/conversations/:id/links": "thread visible and the record readable, else 404/422 (mail tests)",
  "DELETE /api/v1/conversations/:id/links/:entity/:recordId":
    "thread visible to the caller, else 404 (mail tests)",
  "GET /api/v1/conversations":
    "mail threads: mailbox owner/team grants/assignee, or a readable linked record (conversations visibility tests)",
  "POST /api/v1/conversations":
    "sends only from a mailbox the caller owns or is granted; links must be readable (conversations send tests)",
  "GET /api/v1/conversations/:id":
    "thread visibility in SQL; private → subject only (conversations visibility tests)",
  "PATCH /api/v1/conversations/:id":
    "read state per caller; assign/private need mailbox access (conversations visibility tests)",
  "POST /api/v1/conversations/:id/messages":
    "thread visible and mailbox sendable by the caller, else 404/403 (conversations send tests)",
  "POST /api/v1/conversations/:id/messages/:messageId/retry":
    "thread visible and mailbox sendable by the caller (conversations send tests)",
  "DELETE /api/v1/conversations/:id/messages/:messageId":
    "thread visible and mailbox sendable by the caller (conversations send tests)",
  "GET /api/v1/conversations/:id/attachments/:attachmentId":
    "only when the thread's bodies are visible to the caller (conversations attachment tests)",
  "POST /api/v1/conversations/render-template":
    "the record must be readable (404); the renderer refuses hidden fields (conversations + templates tests)",
  "GET /api/v1/templates/:id":
    "personal templates visible to their owner only, shared ones to all; else 404 (templates tests)",
  "POST /api/v1/templates":
    "`entity` is only the record type a template is meant for; shared ones need templates.manage (templates tests)",
  "PATCH /api/v1/templates/:id":
    "owner (personal) or templates.manage (shared), else 404/403 (templates tests)",
  "DELETE /api/v1/templates/:id":
    "owner (personal) or templates.manage (shared), else 404/403 (templates tests)",
  "POST /api/v1/templates/:id/preview":
    "the record must be readable (404); a variable on a hidden field is refused, 422 (templates tests)",
  "POST /api/v1/templates/:id/test-send":
    "the record must be readable (404); hidden fields refused; mails only the caller (templates tests)",
  "PUT /api/v1/mail-signatures":
    "the caller's own signature; a mailbox the caller may send from (conversations send tests)",
};

const RECORD_KEY = /^(id|ids|entity|entities|types)$|Ids?$/;

function keysOf(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === "object" ? Object.keys(shape) : [];
}

/** Whether an API route takes a record id or an entity name (URL parameter, body or query key). */
export function takesRecords(route: ApiRoute): boolean {
  if (/:\w+/.test(route.url)) return true;
  const keys = [...keysOf(route.schema?.body), ...keysOf(route.schema?.querystring)];
  return keys.some((k) => RECORD_KEY.test(k));
}
