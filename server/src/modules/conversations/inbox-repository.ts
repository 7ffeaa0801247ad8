import { type RawBuilder, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { scopeOwners } from "../../platform/access/scope.js";
import { BadRequestError } from "../../platform/errors.js";
import { decodeCursor, encodeCursor } from "../../platform/http/schemas.js";
import type { RecordLink } from "../../platform/records/links.js";
import { type Db, type ThreadRow, threadColumns } from "./repository.js";
import type { ConversationListQuery } from "./schemas.js";
import { readableLinkEntities, threadVisible } from "./visibility.js";

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f-]{36}$/;

type Row = ThreadRow & { sort_at: string };

/**
 * One inbox page, newest first: the threads the actor may see (visibility.ts) with the filters, keyset-paged on
 * (last_message_at, id) with a microsecond cursor.
 *
 * The page is not found by walking every thread and testing each against the visibility rule (a user who reads
 * mail only through a few records made that walk cross the whole table: 734 ms at 600k messages). It starts
 * from what the actor can see — each source an index range of at most `limit + 1` rows in page order — and
 * merges them:
 * - each mailbox they have access to (`mail_threads_inbox_idx`), and the threads assigned to them
 *   (`mail_threads_assignee_idx`);
 * - for an entity they read at scope own/team: the links of the records each owner the scope covers holds
 *   (`mail_thread_links_owner_idx`: the record's owner and liveness are copied onto its links by triggers,
 *   `mail/link-owners.ts`, and a link's `last_message_at` is kept equal to the thread's) — one range per owner,
 *   so the cost does not grow with the number of records the actor may read;
 * - for an entity they read at scope all: the recent-threads walk filtered to threads linked to a live record of
 *   it (nearly every thread is, so the walk stops after about a page).
 * A thread in the page of the union is in the page of at least one source, so the merged page is the same as
 * the walk's (`inbox.test.ts` compares them for every role).
 */
export async function listThreads(db: Db, actor: Actor, q: ConversationListQuery, record: RecordLink | null) {
  const n = q.limit + 1;
  const { filters, cursor, others } = threadFilters(actor, q);
  let candidates: RawBuilder<unknown>;
  if (record) {
    // The record's own link range; the visibility rule still applies to each thread.
    candidates = sql`select x.thread_id as id from mail_thread_links x join mail_threads t on t.id = x.thread_id
      where x.entity = ${record.entity} and x.record_id = ${record.id} and x.unlinked_at is null
        and ${threadVisible(actor)} and ${filters}
      order by x.last_message_at desc, x.thread_id desc limit ${n}`;
  } else if (q.assigned === "me") {
    // An assignee always has access (visibility.ts): their own threads are the whole answer.
    candidates = sql`select a.id from ${assigneeSource(actor, filters, n)} a`;
  } else {
    // Each source's page by its (time, id) keys; only the merged page's threads are read in full.
    const sources = sql.join(unionSources(actor, q, { filters, cursor, others }, n), sql` union all `);
    // A thread several sources list (same key: a link's time is its thread's) counts once.
    candidates = sql`select d.id from (select distinct s.at, s.id from (${sources}) s
      order by s.at desc, s.id desc limit ${n}) d`;
  }
  const rows = await sql<Row>`
    select ${threadColumns(actor)}
    from mail_threads t
    left join mail_thread_reads r on r.thread_id = t.id and r.user_id = ${actor.userId}
    where t.id in (${candidates})
    order by t.last_message_at desc, t.id desc
    limit ${n}`.execute(db);
  const page = rows.rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.rows.length > q.limit && last ? encodeCursor([last.sort_at, last.id]) : null,
  };
}

interface Filters {
  /** Every filter over `t` (mail_threads), without the visibility rule. */
  filters: RawBuilder<unknown>;
  /** The keyset cursor over another (time, id) pair, e.g. a link's `l.last_message_at, l.thread_id`. */
  cursor: (at: string, id: string) => RawBuilder<unknown>;
  /** Filters other than the cursor (none: a link range needs no thread row). */
  others: RawBuilder<unknown>[];
}

function threadFilters(actor: Actor, q: ConversationListQuery): Filters {
  const where: RawBuilder<unknown>[] = [];
  let cursor: Filters["cursor"] = () => sql`true`;
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, 2);
    if (typeof at !== "string" || !TS.test(at) || typeof id !== "string" || !UUID.test(id)) {
      throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
    }
    cursor = (a, i) => sql`(${sql.ref(a)}, ${sql.ref(i)}) < (${at}::timestamptz, ${id}::uuid)`;
  }
  if (q.mailboxId) where.push(sql`t.mailbox_id = ${q.mailboxId}`);
  if (q.assigned === "me") where.push(sql`t.assignee_id = ${actor.userId}`);
  if (q.unread === "true") {
    where.push(sql`not exists (select 1 from mail_thread_reads u where u.thread_id = t.id
      and u.user_id = ${actor.userId} and u.read_through >= t.last_message_at)`);
  }
  const anyLink = sql`exists (select 1 from mail_thread_links x where x.thread_id = t.id and x.unlinked_at is null)`;
  if (q.linked === "true") where.push(anyLink);
  if (q.linked === "false") where.push(sql`not ${anyLink}`);
  const filters = sql.join([cursor("t.last_message_at", "t.id"), ...where], sql` and `);
  return { filters, cursor, others: where };
}

function assigneeSource(actor: Actor, filters: RawBuilder<unknown>, n: number) {
  return sql`(select t.last_message_at as at, t.id from mail_threads t where t.assignee_id = ${actor.userId} and ${filters}
    order by t.last_message_at desc, t.id desc limit ${n})`;
}

function unionSources(actor: Actor, q: ConversationListQuery, f: Filters, n: number) {
  const { filters } = f;
  // An owner's link range is read from the index alone unless a filter needs the thread row.
  const linkRange =
    f.others.length > 0
      ? sql`from mail_thread_links l join mail_threads t on t.id = l.thread_id`
      : sql`from mail_thread_links l`;
  const linkFilters = sql.join([f.cursor("l.last_message_at", "l.thread_id"), ...f.others], sql` and `);
  const team = actor.teamId
    ? sql`or (exists (select 1 from mailbox_grants g where g.mailbox_id = mb.id and g.team_id = ${actor.teamId}))`
    : sql``;
  const sources: RawBuilder<unknown>[] = [
    sql`(select p.at, p.id from mailboxes mb cross join lateral (
      select t.last_message_at as at, t.id from mail_threads t where t.mailbox_id = mb.id and ${filters}
      order by t.last_message_at desc, t.id desc limit ${n}) p
      where mb.deleted_at is null and (mb.owner_id = ${actor.userId} ${team})
      order by p.at desc, p.id desc limit ${n})`,
    assigneeSource(actor, filters, n),
  ];
  if (q.linked === "false") return sources;
  const everyRecord: string[] = [];
  for (const d of readableLinkEntities(actor)) {
    const owners = scopeOwners(actor, d.name, "read");
    if (owners === "none") continue;
    if (owners === "all") {
      everyRecord.push(d.name);
      continue;
    }
    // The newest threads of the records each covered owner holds: an index range per owner
    // (`mail_thread_links_owner_idx`: the record's owner and liveness are kept on the link), never per record.
    // Distinct: a thread linked to two of an owner's records is one of the owner's n, and one of the source's n.
    sources.push(sql`(select distinct p.at, p.id from unnest(${owners}) o(id) cross join lateral (
      select distinct on (l.last_message_at, l.thread_id) l.last_message_at as at, l.thread_id as id
      ${linkRange}
      where l.owner_id = o.id and l.entity = ${d.name} and l.record_live and l.unlinked_at is null and ${linkFilters}
      order by l.last_message_at desc, l.thread_id desc limit ${n}) p
      order by p.at desc, p.id desc limit ${n})`);
  }
  if (everyRecord.length > 0) {
    sources.push(sql`(select t.last_message_at as at, t.id from mail_threads t
      where exists (select 1 from mail_thread_links l where l.thread_id = t.id and l.unlinked_at is null
        and l.record_live and l.entity = any(${everyRecord}::text[])) and ${filters}
      order by t.last_message_at desc, t.id desc limit ${n})`);
  }
  return sources;
}
