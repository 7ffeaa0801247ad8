import { type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import type { RecordLink } from "../../platform/records/links.js";
import { linksOf, presentTask } from "../tasks/module.js";
import { aboutItems, type TaskAbout } from "./about.js";

const CAP = 20;
const NOTHING: TaskAbout = { about: [], phone: null };

/** The record links of today's meetings, keyed `task:<id>` / `activity:<id>`. */
async function meetingLinks(db: Database, meetings: ReadonlyArray<{ source: string; id: string }>) {
  const ids = (source: string) => meetings.filter((m) => m.source === source).map((m) => m.id);
  const [tasks, activities] = await Promise.all([
    linksOf(db, ids("task")),
    ids("activity").length > 0
      ? db
          .selectFrom("activity_links")
          .select(["activity_id", "entity", "record_id"])
          .where("activity_id", "in", ids("activity"))
          .execute()
      : Promise.resolve([]),
  ]);
  const out = new Map<string, RecordLink[]>();
  for (const [id, links] of tasks) out.set(`task:${id}`, links);
  for (const r of activities) {
    const key = `activity:${r.activity_id}`;
    out.set(key, [...(out.get(key) ?? []), { entity: r.entity, id: r.record_id }]);
  }
  return out;
}
const COUNT_LIMIT = 1000;

export interface Day {
  timeZone: string;
  date: string;
  start: Date;
  end: Date;
}

/** The user's today: local date and its bounds as instants (PostgreSQL does the zone arithmetic). */
export async function today(db: Database, userId: string, now = new Date()): Promise<Day> {
  const r = await sql<{ tz: string; date: string; start: Date; end: Date }>`
    with u as (select coalesce((select time_zone from users where id = ${userId}), 'UTC') as tz)
    select u.tz, to_char((${now}::timestamptz at time zone u.tz)::date, 'YYYY-MM-DD') as date,
      date_trunc('day', ${now}::timestamptz at time zone u.tz) at time zone u.tz as start,
      (date_trunc('day', ${now}::timestamptz at time zone u.tz) + interval '1 day') at time zone u.tz as end
    from u`.execute(db);
  const row = r.rows[0];
  if (!row) throw new Error("no day");
  return { timeZone: row.tz, date: row.date, start: row.start, end: row.end };
}

/** Month*100+day keys whose birthdays fall on `date`; Feb 29 birthdays are celebrated on Feb 28 in other years. */
export function birthdayKeys(date: string): number[] {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const keys = [m * 100 + d];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (m === 2 && d === 28 && !leap) keys.push(229);
  return keys;
}

function counted<T>(rows: Array<T & { total: string }>) {
  const total = Number(rows[0]?.total ?? 0);
  return { total: Math.min(total, COUNT_LIMIT), capped: total > COUNT_LIMIT };
}

async function taskList(db: Database, actor: Actor, where: ReturnType<typeof sql<SqlBool>>, order: string) {
  const rows = await db
    .selectFrom("tasks as t")
    .selectAll("t")
    .select(sql<string>`count(*) over ()`.as("total"))
    .where("t.owner_id", "=", actor.userId)
    .where("t.deleted_at", "is", null)
    .where(where)
    .orderBy(sql.ref(order))
    .orderBy("t.id")
    .limit(CAP)
    .execute();
  const links = await linksOf(
    db,
    rows.map((r) => r.id),
  );
  const about = await aboutItems(db, actor, links);
  return {
    items: rows.map(({ total: _, ...t }) => ({
      ...presentTask(actor, t, links.get(t.id) ?? []),
      ...(about.get(t.id) ?? NOTHING),
    })),
    ...counted(rows),
  };
}

/** The user's open deals without an open task, most recently updated first. */
function dealsWithoutNextStep(db: Database, actor: Actor) {
  return sql<{
    id: string;
    title: string;
    amount: string | null;
    currency: string | null;
    stage: string;
    total: string;
  }>`
    select d.id, d.title, d.amount, d.currency, s.name as stage, count(*) over () as total
    from deals d join pipeline_stages s on s.id = d.stage_id
    where d.owner_id = ${actor.userId} and d.deleted_at is null and s.kind = 'open'
      and not exists (
        select 1 from task_links tl join tasks t on t.id = tl.task_id
        where tl.entity = 'deals' and tl.record_id = d.id and t.status = 'open' and t.deleted_at is null)
    order by d.updated_at desc, d.id limit ${CAP}`.execute(db);
}

export async function myDay(db: Database, actor: Actor, now = new Date()) {
  // Independent reads run at once on the pool: overdue tasks and deals need not wait for the user's day.
  const overdueP = taskList(
    db,
    actor,
    sql<SqlBool>`t.status = 'open' and t.overdue_at <= ${now}`,
    "t.overdue_at",
  );
  const dealsP = dealsWithoutNextStep(db, actor);
  // Settled at once, so an early failure of the day query leaves no unhandled rejection behind.
  void Promise.allSettled([overdueP, dealsP]);
  const day = await today(db, actor.userId, now);
  const inToday = sql<SqlBool>`t.due_at >= ${day.start} and t.due_at < ${day.end}`;
  const todaysP = taskList(
    db,
    actor,
    sql<SqlBool>`t.status = 'open' and t.type <> 'meeting' and ${inToday} and t.overdue_at > ${now}`,
    "t.due_at",
  );

  const meetingsP = sql<{
    source: "task" | "activity";
    id: string;
    title: string;
    starts_at: Date;
    ends_at: Date | null;
    place: string | null;
    total: string;
  }>`
    select *, count(*) over () as total from (
      select 'task' as source, t.id, t.title, t.due_at as starts_at,
        t.due_at + make_interval(mins => coalesce(t.duration_minutes, 0)) as ends_at, t.location as place
      from tasks t
      where t.owner_id = ${actor.userId} and t.type = 'meeting' and t.status <> 'cancelled'
        and t.deleted_at is null and ${inToday}
      union all
      select 'activity', a.id, coalesce(a.subject, ''), a.starts_at, a.ends_at, a.place
      from activities a
      where a.kind = 'meeting' and a.deleted_at is null and a.starts_at >= ${day.start} and a.starts_at < ${day.end}
        and (a.owner_id = ${actor.userId} or a.participants->'users' ? ${actor.userId})
    ) m order by starts_at, id limit ${CAP}`.execute(db);

  const showAmount = !isHidden(actor, "deals", "amount");
  const showBirthday = !isHidden(actor, "contacts", "birthday");
  const birthdaysP = showBirthday
    ? sql<{ id: string; name: string; birthday: string; total: string }>`
        select c.id, c.name, to_char(c.birthday, 'YYYY-MM-DD') as birthday, count(*) over () as total
        from contacts c
        where (extract(month from c.birthday) * 100 + extract(day from c.birthday))::int = any(${birthdayKeys(day.date)}::int[])
          and c.birthday is not null and c.deleted_at is null
          and ${ownerScope(actor, "contacts", "read", "c.owner_id")}
        order by c.name, c.id limit ${CAP}`.execute(db)
    : Promise.resolve({ rows: [] });
  const [overdue, todays, meetings, deals, birthdays] = await Promise.all([
    overdueP,
    todaysP,
    meetingsP,
    dealsP,
    birthdaysP,
  ]);
  const meetingAbout = await aboutItems(db, actor, await meetingLinks(db, meetings.rows));

  return {
    date: day.date,
    timeZone: day.timeZone,
    overdue,
    today: todays,
    meetings: {
      items: meetings.rows.map((m) => ({
        source: m.source,
        id: m.id,
        title: m.title,
        startsAt: m.starts_at.toISOString(),
        endsAt: m.ends_at?.toISOString() ?? null,
        place: m.place,
        ...(meetingAbout.get(`${m.source}:${m.id}`) ?? NOTHING),
      })),
      ...counted(meetings.rows),
    },
    dealsWithoutNextStep: {
      items: deals.rows.map((d) => ({
        id: d.id,
        title: d.title,
        stage: d.stage,
        amount:
          showAmount && d.amount && d.currency ? { amount: d.amount, currency: d.currency.trim() } : null,
      })),
      ...counted(deals.rows),
    },
    birthdays: { items: birthdays.rows.map(({ total: _, ...b }) => b), ...counted(birthdays.rows) },
  };
}
