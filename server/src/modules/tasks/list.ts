import { type SqlBool, sql } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { listFieldsFor } from "../../platform/access/fields.js";
import { BadRequestError } from "../../platform/errors.js";
import { planList, userTimeZone } from "../../platform/query/list.js";
import { quickSearch } from "../../platform/query/quick-search.js";
import { wantsTotal } from "../../platform/query/schemas.js";
import { scopedList } from "../../platform/query/scoped-list.js";
import { parseLinkedFilter } from "../../platform/records/links.js";
import { presentTask } from "./present.js";
import { type Db, linksOf } from "./repository.js";
import type { TaskListQuery } from "./schemas.js";

const defaultSorts: Record<TaskListQuery["view"], string> = {
  overdue: "overdueAt",
  today: "dueAt",
  upcoming: "dueAt",
  done: "-completedAt",
  all: "-createdAt",
};

/**
 * The task list on the shared list engine (`?filter=`, `?sort=`, keyset cursor) plus the shortcut views:
 * overdue (open, past due), today and upcoming (open, by due time in the user's time zone), done (history,
 * newest first), and `?linked=<entity>:<id>`.
 */
export async function listTasks(db: Db, ctx: RequestContext, q: TaskListQuery) {
  const plan = planList({
    actor: ctx.actor,
    entity: "tasks",
    alias: "t",
    fields: await listFieldsFor(db, "tasks", q),
    defaultSort: defaultSorts[q.view],
    params: { filter: q.filter, sort: q.sort, cursor: q.cursor, limit: q.limit },
    // No global search for tasks: `?q=` is refused rather than ignored.
    search: await quickSearch(db, ctx.actor, "tasks", "t", q.q),
  });
  const tz = userTimeZone(ctx.actor.userId);
  const dayStart = sql`(date_trunc('day', now() at time zone ${tz}) at time zone ${tz})`;
  const dayEnd = sql`((date_trunc('day', now() at time zone ${tz}) + interval '1 day') at time zone ${tz})`;
  const conditions = [plan.where];
  switch (q.view) {
    case "overdue":
      conditions.push(sql<SqlBool>`t.status = 'open' and t.overdue_at <= now()`);
      break;
    case "today":
      conditions.push(sql<SqlBool>`t.status = 'open' and t.due_at >= ${dayStart} and t.due_at < ${dayEnd}`);
      break;
    case "upcoming":
      conditions.push(sql<SqlBool>`t.status = 'open' and t.due_at >= ${dayEnd}`);
      break;
    case "done":
      conditions.push(sql<SqlBool>`t.status = 'done'`);
      break;
    case "all":
      break;
  }
  if (q.linked) {
    const link = parseLinkedFilter(q.linked);
    if (!link) throw new BadRequestError("invalid_filter", "Use linked=<entity>:<uuid>, e.g. companies:…");
    conditions.push(
      sql<SqlBool>`exists (select 1 from task_links tl where tl.task_id = t.id and tl.entity = ${link.entity} and tl.record_id = ${link.id})`,
    );
  }
  const base = db
    .selectFrom("tasks as t")
    .where("t.deleted_at", "is", null)
    .where((eb) => eb.and(conditions));
  // Scope by owner ids: a merge of per-owner index walks for the views' sorts (`scopedList`, `TASK_FIELDS`).
  const { rows, total } = await scopedList(db, base, (q) => q.selectAll("t").select(plan.cursorColumn), {
    actor: ctx.actor,
    entity: "tasks",
    alias: "t",
    ownerColumn: "owner_id",
    plan,
    deleted: false,
    withTotal: wantsTotal(q),
  });
  const page = plan.page(rows);
  const links = await linksOf(
    db,
    page.items.map((r) => r.id),
  );
  const now = new Date();
  return {
    items: page.items.map((r) => presentTask(ctx.actor, r, links.get(r.id) ?? [], now)),
    nextCursor: page.nextCursor,
    ...(total ? { total } : {}),
  };
}
