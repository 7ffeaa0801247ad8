import { type RawBuilder, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import { BadRequestError } from "../../platform/errors.js";
import { decodeCursor, encodeCursor } from "../../platform/http/schemas.js";
import { hidesAny } from "../../platform/records/duplicates.js";
import type { MergeEntity } from "./service.js";

export interface DuplicateGroup {
  reason: "email" | "phone" | "taxId" | "name";
  value: string;
  ids: string[];
}

export interface DuplicatePage {
  items: DuplicateGroup[];
  nextCursor: string | null;
}

/** Records checked per request at most: a page with few duplicates stops here and hands back a cursor. */
export const SCAN_BUDGET = 2_000;
/**
 * A request starts no window of records that, at the cost per record measured so far, would end after this.
 * Records with very common names (thousands of similar ones each) cost up to ~0.3 s each to compare.
 */
const TIME_BUDGET_MS = 300;
/** The first window is one record; later ones double (up to 4 × limit) while the time budget allows. */
const FIRST_WINDOW = 1;
/** Names are similar above this pg_trgm similarity (the create-time hint uses the same bound). */
const NAME_SIMILARITY = 0.6;

interface Row extends DuplicateGroup {
  anchor: string;
}

/**
 * Likely duplicates among the records the actor may read, found page by page with bounded work. Records are
 * walked in `id` order (primary key, keyset cursor = the last record checked); each checked record is the
 * anchor of
 * - one group per email / E.164 phone / tax ID it holds that readable records share, when it is the group's
 *   first record by id (so every group is reported once, at its first record) — one GIN probe per key;
 * - one name group: the later (by id) readable records whose accent-folded name is trigram-similar
 *   (similarity > 0.6) in the same city — one probe of the trigram index per record, with
 *   `pg_trgm.similarity_threshold` raised to 0.6 so the index itself discards weaker matches.
 * Walking all pages yields exactly the groups of comparing the whole table at once. A page ends after `limit`
 * groups (never splitting one record's groups), after `SCAN_BUDGET` records, or when the next window of records
 * (1, 2, 4, 8… records) would, at the cost per record so far, end after `TIME_BUDGET_MS`, whichever comes first,
 * so a request costs a bounded number of index probes whatever the table size. A key the actor's role hides is
 * never grouped on (its values would be the group's `value`), and a hidden city is not compared.
 */
export async function findDuplicateGroups(
  db: Database,
  actor: Actor,
  entity: MergeEntity,
  opts: { limit: number; cursor?: string | undefined },
): Promise<DuplicatePage> {
  let after = opts.cursor ? decodeAfter(opts.cursor) : null;
  // Only companies and contacts have duplicate keys (emails, phones, tax ids, name + city).
  if (entity !== "companies" && entity !== "contacts") return { items: [], nextCursor: null };
  const parts = groupQueries(actor, entity);
  if (parts.length === 0) return { items: [], nextCursor: null };
  return db.transaction().execute(async (trx) => {
    // JIT compiling the per-record probes costs seconds and saves nothing on a window of a few hundred rows.
    await sql`select set_config('pg_trgm.similarity_threshold', ${String(NAME_SIMILARITY)}, true),
      set_config('jit', 'off', true)`.execute(trx);
    const started = Date.now();
    const items: DuplicateGroup[] = [];
    let scanned = 0;
    let window = Math.min(opts.limit, FIRST_WINDOW);
    while (scanned < SCAN_BUDGET) {
      const elapsed = Date.now() - started;
      const affordable =
        scanned === 0 ? window : Math.floor(((TIME_BUDGET_MS - elapsed) * scanned) / elapsed);
      const size = Math.min(window, SCAN_BUDGET - scanned, affordable);
      if (size < 1) break;
      const res = await sql<Row & { last: string | null; checked: number }>`
        with page as materialized (
          select r.id, r.name, tandem_search_norm(r.name) as norm, r.city, r.email_values, r.phone_e164${entity === "companies" ? sql`, r.tax_id_values` : sql``}
          from ${sql.table(entity)} r
          where r.deleted_at is null and ${ownerScope(actor, entity, "read", "r.owner_id")}
            and ${after ? sql`r.id > ${after}::uuid` : sql`true`}
          order by r.id limit ${size}),
        bounds as (select (select id from page order by id desc limit 1) as last,
          (select count(*)::int from page) as checked)
        select g.*, b.last, b.checked from bounds b
          left join (${sql.join(parts, sql` union all `)}) g on true
        order by g.anchor, g.ord, g.value`.execute(trx);
      const first = res.rows[0];
      const checked = first?.checked ?? 0;
      scanned += checked;
      const rows = res.rows.filter((r) => r.anchor !== null);
      const taken = takeWholeAnchors(rows, opts.limit - items.length);
      items.push(...taken.map(({ reason, value, ids }) => ({ reason, value, ids })));
      if (taken.length < rows.length) {
        // Cut inside the window: continue after the last record whose groups were all reported.
        return { items, nextCursor: encodeCursor([taken.at(-1)?.anchor]) };
      }
      if (checked < size) return { items, nextCursor: null };
      after = first?.last ?? after;
      if (items.length >= opts.limit) break;
      window = Math.min(window * 2, opts.limit * 4);
    }
    return { items, nextCursor: after ? encodeCursor([after]) : null };
  });
}

/** The groups of whole anchors, in order, until at least `room` groups are taken. */
function takeWholeAnchors(rows: Row[], room: number): Row[] {
  let end = 0;
  while (end < rows.length && end < room) {
    const anchor = rows[end]?.anchor;
    while (end < rows.length && rows[end]?.anchor === anchor) end++;
  }
  return rows.slice(0, end);
}

function decodeAfter(cursor: string): string {
  const [id] = decodeCursor(cursor, 1);
  if (typeof id !== "string" || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
  }
  return id;
}

/** One query per comparable key (over the CTE `page`), each answering `(anchor, ord, reason, value, ids)`. */
function groupQueries(actor: Actor, entity: "companies" | "contacts"): RawBuilder<Row>[] {
  const table = sql.table(entity);
  const readable = ownerScope(actor, entity, "read", "o.owner_id");
  const byKey = (column: string, reason: DuplicateGroup["reason"], ord: number) => sql<Row>`
    select p.id as anchor, ${ord}::int as ord, ${reason}::text as reason, k.key as value, m.ids
    from page p
    cross join lateral (select distinct unnest(${sql.ref(`p.${column}`)}) as key) k
    cross join lateral (
      select array_agg(o.id order by o.created_at, o.id) as ids, bool_or(o.id < p.id) as earlier
      from ${table} o
      where ${sql.ref(`o.${column}`)} @> array[k.key] and o.deleted_at is null and ${readable}) m
    where cardinality(m.ids) > 1 and not m.earlier`;
  const parts: RawBuilder<Row>[] = [];
  if (!hidesAny(actor, entity, "emails", "email")) parts.push(byKey("email_values", "email", 1));
  if (!hidesAny(actor, entity, "phones", "phone")) parts.push(byKey("phone_e164", "phone", 2));
  if (entity === "companies" && !hidesAny(actor, entity, "taxIds"))
    parts.push(byKey("tax_id_values", "taxId", 3));
  if (!hidesAny(actor, entity, "name")) {
    const sameCity = hidesAny(actor, entity, "city", "addresses", "address")
      ? sql`true`
      : sql`coalesce(o.city, '') = coalesce(p.city, '')`;
    parts.push(sql<Row>`
      select p.id as anchor, 4 as ord, 'name'::text as reason, p.name as value, array[p.id] || m.ids as ids
      from page p
      cross join lateral (
        select array_agg(o.id order by o.created_at, o.id) as ids
        from (
          -- offset 0 keeps "id > anchor" out of the index scan: AND-ing the trigram bitmap with a primary-key
          -- range of most of the table costs more than filtering the few trigram candidates.
          select o.id, o.created_at, o.name, o.city, o.owner_id from ${table} o
          where tandem_search_norm(o.name) % p.norm and o.deleted_at is null offset 0) o
        where similarity(tandem_search_norm(o.name), p.norm) > ${NAME_SIMILARITY}
          and o.id > p.id and ${sameCity} and ${readable}) m
      where m.ids is not null`);
  }
  return parts;
}
