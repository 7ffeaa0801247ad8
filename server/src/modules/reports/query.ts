import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import { fieldExpression } from "../../platform/query/expressions.js";
import { compileFilterNode } from "../../platform/query/filter.js";
import { convertedAmount } from "../currencies/module.js";
import { type DateBucket, MAX_GROUPS, type ReportDefinition } from "./definition.js";
import type { ResolvedDimension, ResolvedMeasure, ResolvedReport, Side } from "./resolve.js";

/**
 * The report as one SQL statement, built from field metadata only (`sql.ref`/`sql.table` of registered columns,
 * values bound): an inner SELECT over the entity (soft-deleted rows out, the viewer's read scope, the report's
 * filter through the list engine's compiler, the related entity LEFT JOINed within its own read scope) yields
 * the dimension values and measure arguments; the outer SELECT groups and aggregates them, at most
 * MAX_GROUPS + 1 groups (the extra one says the result was cut).
 */
export interface ReportQuery {
  statement: RawBuilder<Record<string, unknown>>;
  /** Whether column `d<i>` is a date bucket (the row also has `d<i>_from`/`d<i>_to`). */
  buckets: (DateBucket | null)[];
}

const ONE: Record<DateBucket, string> = {
  day: "1 day",
  week: "1 week",
  month: "1 month",
  quarter: "3 months",
  year: "1 year",
};

function live(s: Side): RawBuilder<SqlBool> {
  const col = s.def.softDeleteColumn;
  return col ? sql<SqlBool>`${sql.ref(`${s.alias}.${col}`)} is null` : sql<SqlBool>`true`;
}

/** A dimension's value: the field (a date bucket as a local timestamp in the viewer's zone) or the owner's team. */
function dimensionSql(r: ResolvedReport, d: ResolvedDimension, tz: RawBuilder<unknown>): RawBuilder<unknown> {
  const s = d.on === "related" && r.related ? r.related : r.base;
  if (!d.field) return sql.ref(`${s.alias}_owner.team_id`);
  const e = fieldExpression(s.alias, d.field);
  if (!d.bucket) return e;
  const local = d.field.type === "dateTime" ? sql`(${e} at time zone ${tz})` : sql`(${e})::timestamp`;
  return sql`date_trunc(${d.bucket}, ${local})`;
}

function measureArg(r: ResolvedReport, m: ResolvedMeasure): RawBuilder<unknown> {
  const s = m.on === "related" && r.related ? r.related : r.base;
  return m.field ? fieldExpression(s.alias, m.field) : sql`1`;
}

function aggregate(m: ResolvedMeasure, col: RawBuilder<unknown>, only?: RawBuilder<SqlBool>) {
  const filter = only ? sql` filter (where ${only})` : sql``;
  switch (m.fn) {
    case "count":
      return sql`count(*)${filter}`;
    case "sum":
      return sql`sum(${col})${filter}`;
    case "avg":
      return sql`round(avg(${col})${filter}, 2)`;
    case "min":
      return sql`min(${col})${filter}`;
    case "max":
      return sql`max(${col})${filter}`;
    case "countDistinct":
      return sql`count(distinct ${col})${filter}`;
    case "median":
      return sql`percentile_cont(0.5) within group (order by (${col})::float8)${filter}`;
  }
}

/** Aggregates come back as text: numeric sums keep their precision, dates their own form. */
const asText = (e: RawBuilder<unknown>) => sql`(${e})::text`;

/**
 * Money measures converted to the workspace currency (`base`): each amount at the rate of its record's day in the
 * report's date dimension on the same side (a deal grouped by close month: its close day), else today's (the
 * latest rate); `nr` marks an amount whose currency has no rate (named, left out of the figures).
 */
function moneyConversion(r: ResolvedReport, base: string | undefined, tz: RawBuilder<unknown>) {
  const money = r.measures.find((m) => m.field?.type === "money" && m.fn !== "countDistinct");
  if (!money?.field) return null;
  const side = money.on === "related" && r.related ? r.related : r.base;
  const key = money.field.currencyField ?? "currency";
  const currency = side.fields.find((f) => f.key === key && !f.custom);
  if (!currency) return null;
  const cur = fieldExpression(side.alias, currency);
  if (!base) return { cur, side, convert: null };
  const dated = r.dimensions.find(
    (x) => x.bucket && x.field && (x.on === "related") === (side === r.related),
  );
  const day = dated?.field
    ? dated.field.type === "dateTime"
      ? sql`(${fieldExpression(side.alias, dated.field)} at time zone ${tz})::date`
      : sql`(${fieldExpression(side.alias, dated.field)})::date`
    : sql`(now() at time zone ${tz})::date`;
  const convert = (m: ResolvedMeasure) =>
    m.field?.type === "money" && m.fn !== "countDistinct" && (m.on === "related") === (side === r.related)
      ? convertedAmount(base, measureArg(r, m), cur, day)
      : null;
  const amount = measureArg(r, money);
  return {
    cur,
    side,
    convert,
    noRate: sql`(${amount} is not null and ${convertedAmount(base, amount, cur, day)} is null)`,
  };
}

export function buildReportQuery(
  actor: Actor,
  d: ReportDefinition,
  r: ResolvedReport,
  timeZone: string,
  workspaceCurrency?: string,
): ReportQuery {
  const tz = sql`${timeZone}::text`;
  const base = r.base;
  const baseOwner = sql.ref(`r.${base.def.ownerColumn}`);
  const where: RawBuilder<SqlBool>[] = [
    live(base),
    ownerScope(actor, base.def.name, "read", `r.${base.def.ownerColumn}`),
  ];
  if (d.filter) {
    const ctx = { actor, entity: base.def.name, alias: "r", fields: base.fields, timeZone: tz };
    where.push(compileFilterNode(d.filter, ctx));
  }
  const joins: RawBuilder<unknown>[] = [];
  const rel = r.related;
  if (rel) {
    const relOn = [
      sql<SqlBool>`rel.id = ${fieldExpression("r", rel.via)}`,
      live(rel),
      ownerScope(actor, rel.def.name, "read", `rel.${rel.def.ownerColumn}`),
    ];
    joins.push(sql`left join ${sql.table(rel.def.table)} as rel on ${sql.join(relOn, sql` and `)}`);
    if (d.related?.filter) {
      const ctx = { actor, entity: rel.def.name, alias: "rel", fields: rel.fields, timeZone: tz };
      where.push(sql<SqlBool>`rel.id is not null`, compileFilterNode(d.related.filter, ctx));
    }
  }
  const teamOn = new Set(r.dimensions.filter((x) => !x.field).map((x) => x.on));
  if (teamOn.has("base")) joins.push(sql`left join users as r_owner on r_owner.id = ${baseOwner}`);
  if (teamOn.has("related") && rel) {
    joins.push(sql`left join users as rel_owner on rel_owner.id = ${sql.ref(`rel.${rel.def.ownerColumn}`)}`);
  }

  const inner: RawBuilder<unknown>[] = [];
  r.dimensions.forEach((x, i) => {
    inner.push(sql`${dimensionSql(r, x, tz)} as ${sql.ref(`d${i}`)}`);
  });
  const conversion = moneyConversion(r, workspaceCurrency, tz);
  r.measures.forEach((m, i) => {
    const arg = conversion?.convert?.(m) ?? measureArg(r, m);
    inner.push(sql`${arg} as ${sql.ref(`m${i}`)}`);
  });
  let cmp: { current: RawBuilder<SqlBool>; previous: RawBuilder<SqlBool> } | null = null;
  if (r.compare) {
    const e = fieldExpression("r", r.compare.field);
    const local =
      r.compare.field.type === "dateTime" ? sql`(${e} at time zone ${tz})` : sql`(${e})::timestamp`;
    inner.push(sql`${local} as c`);
    const start = sql`date_trunc(${r.compare.period}, now() at time zone ${tz})`;
    const step = sql`${ONE[r.compare.period]}::interval`;
    cmp = {
      current: sql<SqlBool>`q.c >= ${start} and q.c < ${start} + ${step}`,
      previous: sql<SqlBool>`q.c >= ${start} - ${step} and q.c < ${start}`,
    };
    where.push(sql<SqlBool>`${local} >= ${start} - ${step}`);
  }
  // Money measures: converted (the workspace currency, and which currencies lacked a rate), or else the groups'
  // currency (exact when every record of a group shares one).
  if (conversion) inner.push(sql`${conversion.cur} as cur`);
  if (conversion?.noRate) inner.push(sql`${conversion.noRate} as nr`);
  if (inner.length === 0) inner.push(sql`1 as one`);

  const outer: RawBuilder<unknown>[] = [];
  const buckets = r.dimensions.map((x) => x.bucket);
  r.dimensions.forEach((x, i) => {
    const col = sql.ref(`q.d${i}`);
    if (!x.bucket) {
      outer.push(sql`${col}::text as ${sql.ref(`d${i}`)}`);
      return;
    }
    const step = sql`${ONE[x.bucket]}::interval`;
    outer.push(sql`to_char(${col}, 'YYYY-MM-DD') as ${sql.ref(`d${i}`)}`);
    if (x.field?.type === "dateTime") {
      outer.push(sql`(${col} at time zone ${tz}) as ${sql.ref(`d${i}_from`)}`);
      outer.push(sql`((${col} + ${step}) at time zone ${tz}) as ${sql.ref(`d${i}_to`)}`);
    } else {
      outer.push(sql`to_char(${col}, 'YYYY-MM-DD') as ${sql.ref(`d${i}_from`)}`);
      outer.push(sql`to_char(${col} + ${step}, 'YYYY-MM-DD') as ${sql.ref(`d${i}_to`)}`);
    }
  });
  r.measures.forEach((m, i) => {
    const col = sql.ref(`q.m${i}`);
    // Converted money is exact NUMERIC with the rate's digits: rounded to 2 once per figure.
    const cents = conversion?.convert?.(m)
      ? (e: RawBuilder<unknown>) => sql`round((${e})::numeric, 2)`
      : (e: RawBuilder<unknown>) => e;
    if (cmp) {
      outer.push(sql`${asText(cents(aggregate(m, col, cmp.current)))} as ${sql.ref(`m${i}`)}`);
      outer.push(sql`${asText(cents(aggregate(m, col, cmp.previous)))} as ${sql.ref(`p${i}`)}`);
    } else outer.push(sql`${asText(cents(aggregate(m, col)))} as ${sql.ref(`m${i}`)}`);
  });

  if (conversion?.noRate) {
    outer.push(
      sql`${workspaceCurrency}::text as cur`,
      sql`coalesce(array_agg(distinct q.cur) filter (where q.nr), '{}') as cur_missing`,
    );
  } else if (conversion) {
    outer.push(sql`min(q.cur) as cur`, sql`(min(q.cur) is distinct from max(q.cur)) as cur_mixed`);
  }
  const grouped = r.dimensions.map((_, i) => sql.ref(`q.d${i}`));
  const groupBy = grouped.length > 0 ? sql`group by ${sql.join(grouped)}` : sql``;
  // Date buckets in time order; otherwise the largest first measure first (the bar chart's usual order).
  const order = r.dimensions.some((x) => x.bucket)
    ? sql.join(grouped)
    : grouped.length > 0
      ? sql`${aggregate(r.measures[0] as ResolvedMeasure, sql.ref("q.m0"))} desc nulls last, ${sql.join(grouped)}`
      : sql`1`;
  const innerSql = sql`select ${sql.join(inner)} from ${sql.table(base.def.table)} as r ${sql.join(joins, sql` `)} where ${sql.join(where, sql` and `)}`;
  const statement = sql<
    Record<string, unknown>
  >`select ${sql.join(outer.length ? outer : [sql`1 as one`])} from (${innerSql}) as q ${groupBy} order by ${order} limit ${MAX_GROUPS + 1}`;
  return { statement, buckets };
}
