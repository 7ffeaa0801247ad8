import {
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
  type Transaction,
} from "kysely";
import { type Actor, scopeFor } from "../access/actor.js";
import type { FieldMeta } from "../access/fields.js";
import type { DB } from "../db/schema.js";
import { COUNT_CAP, SCOPED_COUNT_CAP } from "../http/schemas.js";
import { compileFilter } from "./filter.js";
import { afterCursor, cursorColumn, makeCursor, orderBySql, parseSort, type SortKey } from "./sort.js";

export interface ListParams {
  filter?: string | undefined;
  sort?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface ListPlanOptions {
  actor: Actor;
  entity: string;
  /** Alias of the entity table in the query (`c` in `selectFrom("companies as c")`). */
  alias: string;
  fields: FieldMeta[];
  defaultSort: string;
  params: ListParams;
  /** The quick search's predicate (`quickSearch`), ANDed with the filter. */
  search?: RawBuilder<SqlBool> | null | undefined;
}

/**
 * Everything a repository needs to run one list page: the filter predicate (also used for the count), the
 * keyset predicate, the ORDER BY and the `_cursor` column. The repository adds its scope and soft-delete
 * conditions, so the engine never decides who sees what.
 */
export interface ListPlan {
  where: RawBuilder<SqlBool>;
  after: RawBuilder<SqlBool>;
  orderBy: RawBuilder<unknown>;
  cursorColumn: ReturnType<typeof cursorColumn>;
  /** limit + 1: the extra row tells whether there is a next page. */
  fetch: number;
  keys: SortKey[];
  /** Where the capped total stops counting for this actor (`countCapFor`). */
  countCap: number;
  page<T extends { _cursor: (string | null)[] }>(
    rows: T[],
  ): { items: Omit<T, "_cursor">[]; nextCursor: string | null };
}

/** The user's IANA time zone, read in the same statement (an InitPlan, evaluated once). */
export function userTimeZone(userId: string): RawBuilder<unknown> {
  return sql`coalesce((select tz_u.time_zone from users tz_u where tz_u.id = ${userId}), 'UTC')`;
}

export function planList(o: ListPlanOptions): ListPlan {
  const ctx = { actor: o.actor, entity: o.entity, fields: o.fields };
  const filter = compileFilter(o.params.filter, {
    ...ctx,
    alias: o.alias,
    timeZone: userTimeZone(o.actor.userId),
  });
  const where = o.search ? sql<SqlBool>`(${filter} and ${o.search})` : filter;
  const keys = parseSort(o.params.sort, o.defaultSort, ctx);
  const after = o.params.cursor ? afterCursor(o.alias, keys, o.params.cursor) : sql<SqlBool>`true`;
  const limit = o.params.limit;
  return {
    where,
    after,
    orderBy: orderBySql(o.alias, keys),
    cursorColumn: cursorColumn(o.alias, keys),
    fetch: limit + 1,
    keys,
    countCap: countCapFor(o.actor, o.entity),
    page(rows) {
      const more = rows.length > limit;
      const slice = rows.slice(0, limit);
      const last = slice.at(-1);
      const items = slice.map(({ _cursor, ...rest }) => rest);
      return { items, nextCursor: more && last ? makeCursor(keys, last._cursor) : null };
    },
  };
}

export interface TotalCount {
  count: number;
  capped: boolean;
}

/**
 * Where a list's total stops counting: COUNT_CAP (10,000) for a role that reads every record of the entity,
 * SCOPED_COUNT_CAP (1,000) for an own or team scope. Counting to N costs about N ÷ (the share of rows that match)
 * rows read; a scope's matches are sparser than the whole table's by the scope's share (a team of 10 among 100
 * users: 10×), so with one cap the sales manager's count read ten times the administrator's rows (issue 10
 * item 20). With 1,000 it reads about as many, and "1,000+" is as useful a figure for one's own or a team's records.
 */
export function countCapFor(actor: Actor, entity: string): number {
  return scopeFor(actor, entity, "read") === "all" ? COUNT_CAP : SCOPED_COUNT_CAP;
}

/**
 * `select count(*) from (select 1 … limit cap + 1)`: exact up to `cap` (`plan.countCap`), then
 * `{count: cap, capped: true}`, so a broad filter over a million rows does not count them all.
 */
export async function countCapped<D, TB extends keyof D, O>(
  db: Kysely<DB> | Transaction<DB>,
  base: SelectQueryBuilder<D, TB, O>,
  cap: number,
): Promise<TotalCount> {
  const inner = base
    .clearSelect()
    .select(sql<number>`1`.as("one"))
    .clearOrderBy()
    .limit(cap + 1);
  const row = await db
    .selectFrom(inner.as("capped") as never)
    .select(sql<string>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}
