import { type SqlBool, sql } from "kysely";
import { z } from "zod";
import type { RequestContext } from "../../platform/access/actor.js";
import type { FieldMeta } from "../../platform/access/fields.js";
import { BadRequestError, NotFoundError } from "../../platform/errors.js";
import { isoDateTime, listResponse } from "../../platform/http/schemas.js";
import { planList } from "../../platform/query/list.js";
import { quickSearch } from "../../platform/query/quick-search.js";
import { entityListQuery, wantsTotal } from "../../platform/query/schemas.js";
import { scopedList } from "../../platform/query/scoped-list.js";
import { parseLinkedFilter, readableRecordIds } from "../../platform/records/links.js";
import { activityLinksOf, type Db, presentActivity } from "./repository.js";
import { activityResponse } from "./schemas.js";

const KINDS = ["call", "meeting", "note", "email", "sms", "status_change", "system"];

/** Activity fields for the list engine's `?filter=` and `?sort=`. */
export const ACTIVITY_FIELDS: FieldMeta[] = [
  {
    key: "kind",
    column: "kind",
    type: "select",
    options: KINDS,
    filterable: true,
    sortable: true,
    nullable: false,
  },
  { key: "subject", column: "subject", type: "text", filterable: true, sortable: true },
  {
    key: "direction",
    column: "direction",
    type: "select",
    options: ["in", "out"],
    filterable: true,
    sortable: false,
  },
  { key: "outcome", column: "outcome", type: "text", filterable: true, sortable: false },
  {
    key: "occurredAt",
    column: "occurred_at",
    type: "dateTime",
    filterable: true,
    sortable: true,
    nullable: false,
    // `activities_owner_occurred_idx` (owner_id, occurred_at, id): own/team lists, newest first, walk it per owner.
    ownerIndexed: true,
  },
  { key: "startsAt", column: "starts_at", type: "dateTime", filterable: true, sortable: true },
  // A contact among the participants (a meeting with one is external): activity monitoring's drill-down.
  {
    key: "withContacts",
    column: "participants",
    type: "boolean",
    filterable: true,
    sortable: false,
    filterOnly: true,
    derivesFrom: ["participants"],
    expression: (a) =>
      sql`(jsonb_array_length(coalesce(${sql.ref(`${a}.participants`)} -> 'contacts', '[]'::jsonb)) > 0)`,
  },
  { key: "ownerId", column: "owner_id", type: "user", filterable: true, sortable: false, nullable: false },
  { key: "createdBy", column: "created_by", type: "user", filterable: true, sortable: false },
  {
    key: "createdAt",
    column: "created_at",
    type: "dateTime",
    filterable: true,
    sortable: true,
    nullable: false,
  },
];

export const activityListQuery = entityListQuery.extend({
  kinds: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .optional()
    .describe("Comma-separated kinds, e.g. call,meeting"),
  ownerId: z.uuid().optional(),
  from: isoDateTime.optional().describe("Occurred at or after"),
  to: isoDateTime.optional().describe("Occurred before"),
  linked: z.string().max(80).optional().describe("`companies:<id>`, `contacts:<id>` or `deals:<id>`"),
});
export type ActivityListQuery = z.infer<typeof activityListQuery>;
export const activityListResponse = listResponse(activityResponse);

/**
 * Activities the actor may read (their role's read scope on activities), newest first, on the shared list
 * engine plus shortcuts for kind, owner, date range and a linked record (which the actor must be able to see).
 */
export async function listActivities(db: Db, ctx: RequestContext, q: ActivityListQuery) {
  const plan = planList({
    actor: ctx.actor,
    entity: "activities",
    alias: "a",
    fields: ACTIVITY_FIELDS,
    defaultSort: "-occurredAt",
    params: { filter: q.filter, sort: q.sort, cursor: q.cursor, limit: q.limit },
    // No global search for activities: `?q=` is refused rather than ignored.
    search: await quickSearch(db, ctx.actor, "activities", "a", q.q),
  });
  const conditions = [plan.where];
  if (q.kinds) conditions.push(sql<SqlBool>`a.kind = any(${q.kinds.split(",")}::text[])`);
  if (q.ownerId) conditions.push(sql<SqlBool>`a.owner_id = ${q.ownerId}`);
  if (q.from) conditions.push(sql<SqlBool>`a.occurred_at >= ${new Date(q.from)}`);
  if (q.to) conditions.push(sql<SqlBool>`a.occurred_at < ${new Date(q.to)}`);
  if (q.linked) {
    const link = parseLinkedFilter(q.linked);
    if (!link) throw new BadRequestError("invalid_filter", "Use linked=<entity>:<uuid>, e.g. companies:…");
    if (!(await readableRecordIds(db, ctx.actor, link.entity, [link.id])).has(link.id)) {
      throw new NotFoundError("Record");
    }
    conditions.push(
      sql<SqlBool>`exists (select 1 from activity_links al where al.activity_id = a.id and al.entity = ${link.entity} and al.record_id = ${link.id})`,
    );
  }
  const base = db
    .selectFrom("activities as a")
    .where("a.deleted_at", "is", null)
    .where((eb) => eb.and(conditions));
  // Scope by owner ids: newest first is a merge of per-owner index walks (`scopedList`, `occurredAt`).
  const { rows, total } = await scopedList(db, base, (q) => q.selectAll("a").select(plan.cursorColumn), {
    actor: ctx.actor,
    entity: "activities",
    alias: "a",
    ownerColumn: "owner_id",
    plan,
    deleted: false,
    withTotal: wantsTotal(q),
  });
  const page = plan.page(rows);
  const links = await activityLinksOf(
    db,
    page.items.map((r) => r.id),
  );
  return {
    items: page.items.map((r) => presentActivity(ctx.actor, r, links.get(r.id) ?? [])),
    nextCursor: page.nextCursor,
    ...(total ? { total } : {}),
  };
}
