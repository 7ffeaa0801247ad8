import { type RawBuilder, sql } from "kysely";
import type { Actor, RequestContext } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import { BadRequestError, NotFoundError } from "../../platform/errors.js";
import { decodeCursor, encodeCursor } from "../../platform/http/schemas.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { readableRecordIds } from "../../platform/records/links.js";
import { timelineSources } from "../../platform/records/timeline-sources.js";
import { activityLinksOf, type Db, presentActivity } from "./repository.js";

/**
 * Records whose items also belong on a record's timeline, as `(entity, record_id)` rows: every entity declaring
 * a timeline relation to this one (a company shows its contacts' and deals' items, a contact its deals').
 */
function relatedRecords(entity: string, id: string): RawBuilder<unknown>[] {
  return entityCatalog()
    .all()
    .flatMap((d) =>
      (d.relations ?? []).flatMap((r) =>
        r.entity === entity && r.timeline
          ? [sql`select ${d.name}::text, x.id from (${r.timeline(id)}) as x(id)`]
          : [],
      ),
    );
}

const TS_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The page query: ids and microsecond sort keys of the newest `limit + 1` items of a record and its relations. */
export function timelineQuery(
  actor: Actor,
  entity: string,
  id: string,
  q: { limit: number; cursor?: string | undefined; kinds?: string | undefined },
) {
  let after = sql`true`;
  let before: { at: string; id: string } | null = null;
  if (q.cursor) {
    const [at, aid] = decodeCursor(q.cursor, 2);
    if (
      typeof at !== "string" ||
      !TS_PATTERN.test(at) ||
      typeof aid !== "string" ||
      !/^[0-9a-f-]{36}$/.test(aid)
    ) {
      throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
    }
    after = sql`(al.occurred_at, al.activity_id) < (${at}::timestamptz, ${aid}::uuid)`;
    before = { at, id: aid };
  }
  const kinds = q.kinds ? q.kinds.split(",") : null;
  const kindFilter = kinds ? sql`and a.kind = any(${kinds}::text[])` : sql``;
  const related = relatedRecords(entity, id).map((r) => sql`union all ${r}`);
  const fetch = q.limit + 1;
  // Other modules' items (mail threads…): one more ordered range per key and source, merged by the same keyset.
  const sources = timelineSources()
    .filter((s) => !kinds || kinds.includes(s.kind))
    .map(
      (s) => sql`union all
      select ${s.name}::text, x.id, x.at from keys k
      cross join lateral (${s.page(actor, { entity: sql`k.entity`, recordId: sql`k.record_id` }, before, fetch)}) x`,
    );
  return sql<{ source: string; activity_id: string; at: string }>`
    with keys(entity, record_id) as (
      select ${entity}::text, ${id}::uuid ${sql.join(related, sql` `)}
    )
    select x.source, x.activity_id,
      to_char(max(x.occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
    from (
      select 'activities'::text as source, y.activity_id, y.occurred_at
      from keys k
      cross join lateral (
        select al.activity_id, al.occurred_at
        from activity_links al
        join activities a on a.id = al.activity_id
        where al.entity = k.entity and al.record_id = k.record_id and ${after}
          and a.deleted_at is null and ${ownerScope(actor, "activities", "read", "a.owner_id")} ${kindFilter}
        order by al.occurred_at desc, al.activity_id desc
        limit ${fetch}
      ) y
      ${sql.join(sources, sql` `)}
    ) x(source, activity_id, occurred_at)
    group by x.source, x.activity_id
    order by max(x.occurred_at) desc, x.activity_id desc
    limit ${fetch}`;
}

/**
 * A record's timeline, newest first: per related record one ordered range of `activity_links_timeline_idx`
 * (LATERAL … LIMIT n+1), merged, deduplicated (an item linked to a company and its contact shows once) and
 * cut to n. Only activities the actor may read; keyset cursor on (occurred_at, id).
 */
export async function timeline(
  db: Db,
  ctx: RequestContext,
  entity: string,
  id: string,
  q: { limit: number; cursor?: string | undefined; kinds?: string | undefined },
) {
  // The read check and the page query are independent and run at once on the pool; the page is only used
  // (and its errors, e.g. a bad cursor, only reported) when the record is readable, as if run in order.
  const [readable, page_] = await Promise.allSettled([
    readableRecordIds(db, ctx.actor, entity, [id]),
    (async () => timelineQuery(ctx.actor, entity, id, q).execute(db))(),
  ]);
  if (readable.status === "rejected") throw readable.reason;
  if (!readable.value.has(id)) throw new NotFoundError("Record");
  if (page_.status === "rejected") throw page_.reason;
  const rows = page_.value;
  const page = rows.rows.slice(0, q.limit);
  const ids = page.filter((r) => r.source === "activities").map((r) => r.activity_id);
  const others = timelineSources().filter((s) => page.some((r) => r.source === s.name));
  const [activities, links, ...loaded] = await Promise.all([
    ids.length ? db.selectFrom("activities").selectAll().where("id", "in", ids).execute() : [],
    activityLinksOf(db, ids),
    ...others.map((s) =>
      s.load(
        db,
        ctx.actor,
        page.filter((r) => r.source === s.name).map((r) => r.activity_id),
      ),
    ),
  ]);
  const bySource = new Map(others.map((s, i) => [s.name, loaded[i] as Map<string, Record<string, unknown>>]));
  const byId = new Map(activities.map((a) => [a.id, a]));
  const last = page.at(-1);
  return {
    items: page.flatMap((r) => {
      if (r.source !== "activities") {
        const item = bySource.get(r.source)?.get(r.activity_id);
        return item ? [item as ReturnType<typeof presentActivity>] : [];
      }
      const a = byId.get(r.activity_id);
      return a ? [presentActivity(ctx.actor, a, links.get(r.activity_id) ?? [])] : [];
    }),
    nextCursor: rows.rows.length > q.limit && last ? encodeCursor([last.at, last.activity_id]) : null,
  };
}
