import { type RawBuilder, sql } from "kysely";
import type { Actor, RequestContext } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import { BadRequestError, NotFoundError } from "../../platform/errors.js";
import { decodeCursor, encodeCursor } from "../../platform/http/schemas.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { readableRecordIds } from "../../platform/records/links.js";
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
  }
  const kinds = q.kinds ? q.kinds.split(",") : null;
  const kindFilter = kinds ? sql`and a.kind = any(${kinds}::text[])` : sql``;
  const related = relatedRecords(entity, id).map((r) => sql`union all ${r}`);
  const fetch = q.limit + 1;
  return sql<{ activity_id: string; at: string }>`
    with keys(entity, record_id) as (
      select ${entity}::text, ${id}::uuid ${sql.join(related, sql` `)}
    )
    select x.activity_id, to_char(max(x.occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
    from keys k
    cross join lateral (
      select al.activity_id, al.occurred_at
      from activity_links al
      join activities a on a.id = al.activity_id
      where al.entity = k.entity and al.record_id = k.record_id and ${after}
        and a.deleted_at is null and ${ownerScope(actor, "activities", "read", "a.owner_id")} ${kindFilter}
      order by al.occurred_at desc, al.activity_id desc
      limit ${fetch}
    ) x
    group by x.activity_id
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
  const ids = page.map((r) => r.activity_id);
  const [activities, links] = await Promise.all([
    ids.length ? db.selectFrom("activities").selectAll().where("id", "in", ids).execute() : [],
    activityLinksOf(db, ids),
  ]);
  const byId = new Map(activities.map((a) => [a.id, a]));
  const last = page.at(-1);
  return {
    items: ids.flatMap((i) => {
      const a = byId.get(i);
      return a ? [presentActivity(ctx.actor, a, links.get(i) ?? [])] : [];
    }),
    nextCursor: rows.rows.length > q.limit && last ? encodeCursor([last.at, last.activity_id]) : null,
  };
}
