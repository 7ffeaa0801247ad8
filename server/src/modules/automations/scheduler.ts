import { type RawBuilder, sql, type Transaction } from "kysely";
import { fieldsFor } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { fieldExpression } from "../../platform/query/expressions.js";
import { actorForUser } from "../../platform/records/actor.js";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { occurrences } from "./cron.js";
import { compileConditionFilter } from "./records.js";
import { createRuns, type NewRun } from "./runs.js";
import type { Definition, Trigger } from "./schemas.js";
import { triggerKind } from "./triggers.js";

type Trx = Transaction<DB>;

export const TICK_JOB = "automations.tick";
/** Runs one rule may start per tick; the rest wait for the next tick (its window stops at the last one taken). */
const PER_TICK = 5000;
/** A date-only field's moment is 09:00 in the rule owner's time zone. */
const DATE_HOUR = 9;

interface TimeRule {
  id: string;
  version_id: string;
  owner_id: string;
  entity: string;
  scanned_until: Date | null;
  definition: Definition;
}

/**
 * Every minute: for each enabled time-triggered rule (date-relative, anniversary, task overdue, schedule), finds
 * the moments in (last scan, now] and creates their runs keyed by record and moment — a second tick or a
 * second worker creates nothing twice — then moves the rule's window. Rules are locked one at a time
 * (`SKIP LOCKED`), so workers share the work.
 */
export async function tick(deps: AppDeps, now = new Date()): Promise<number> {
  let created = 0;
  const ids = await deps.db
    .selectFrom("automation_rules")
    .select("id")
    .where("enabled", "=", true)
    .where("deleted_at", "is", null)
    .where("trigger_kind", "in", timeKinds())
    .execute();
  for (const { id } of ids) {
    created += await deps.db.transaction().execute(async (trx) => {
      const rule = await trx
        .selectFrom("automation_rules as r")
        .innerJoin("automation_rule_versions as v", "v.id", "r.current_version_id")
        .select([
          "r.id",
          "r.current_version_id as version_id",
          "r.owner_id",
          "r.entity",
          "r.scanned_until",
          "v.definition",
        ])
        .where("r.id", "=", id)
        .where("r.enabled", "=", true)
        .forUpdate("r")
        .skipLocked()
        .executeTakeFirst();
      if (!rule) return 0;
      const from = rule.scanned_until ?? now;
      if (from >= now) return 0;
      const runs = await dueRuns(trx, deps, { ...(rule as unknown as TimeRule) }, from, now);
      // A full batch moves the window only to its last moment; the next tick takes the rest.
      const last = runs.length >= PER_TICK ? runs.at(-1)?.context.trigger : undefined;
      const until = last ? new Date(String((last as { moment: string }).moment)) : now;
      await trx
        .updateTable("automation_rules")
        .set({ scanned_until: until })
        .where("id", "=", rule.id)
        .execute();
      const ids = await createRuns(trx, deps, runs);
      return ids.length;
    });
  }
  return created;
}

function timeKinds(): string[] {
  return ["dateRelative", "anniversary", "taskOverdue", "schedule"].filter(
    (k) => triggerKind(k as never).source === "time",
  );
}

async function dueRuns(trx: Trx, deps: AppDeps, rule: TimeRule, from: Date, to: Date): Promise<NewRun[]> {
  const entity = deps.entities.get(rule.entity) as EntityDefinition;
  const owner = await actorForUser(trx as never, rule.owner_id);
  if (!owner) return [];
  const t = rule.definition.trigger;
  const base = { ruleId: rule.id, versionId: rule.version_id, entity: rule.entity, depth: 0 };
  const ctx = (recordId: string | null, moment: Date) => ({
    trigger: { kind: t.kind, entity: rule.entity, entityId: recordId, moment: moment.toISOString() },
  });
  if (t.kind === "schedule") {
    const out: NewRun[] = [];
    for (const at of occurrences(t.cron, t.timeZone, from, to)) {
      const filter = rule.definition.conditions.filter;
      if (filter && Object.keys(filter).length > 0) {
        const fields = await fieldsFor(trx, entity.name);
        const pred = compileConditionFilter(filter, owner, entity.name, fields, "conditions.filter");
        const rows = await sql<{ id: string }>`select r.id from ${sql.table(entity.table)} r
          where ${pred} ${visible(owner, entity)} order by r.id limit ${PER_TICK}`.execute(trx);
        for (const r of rows.rows) {
          out.push({
            ...base,
            triggerKey: `cron:${at.toISOString()}:${r.id}`,
            recordId: r.id,
            context: ctx(r.id, at),
          });
        }
      } else {
        out.push({ ...base, triggerKey: `cron:${at.toISOString()}`, recordId: null, context: ctx(null, at) });
      }
    }
    return out;
  }
  const fields = await fieldsFor(trx, entity.name);
  const tz = sql`coalesce((select u.time_zone from users u where u.id = ${rule.owner_id}), 'UTC')`;
  const momentOf = (key: string): RawBuilder<Date> | null => {
    const f = fields.find((x) => x.key === key);
    if (!f) return null;
    const e = fieldExpression("r", f);
    return f.type === "date"
      ? sql<Date>`((${e})::timestamp + make_interval(hours => ${DATE_HOUR})) at time zone ${tz}`
      : sql<Date>`(${e})::timestamptz`;
  };
  let moment: RawBuilder<Date> | null = null;
  let extra = sql`true`;
  if (t.kind === "dateRelative") {
    const m = momentOf(t.field);
    const sign = t.offset.direction === "after" ? sql`+` : sql`-`;
    const unit = sql.lit(
      t.offset.unit === "minutes" ? "1 minute" : t.offset.unit === "hours" ? "1 hour" : "1 day",
    );
    moment = m ? sql<Date>`(${m} ${sign} ${t.offset.amount}::int * interval ${unit})` : null;
  } else if (t.kind === "taskOverdue") {
    moment = momentOf("dueAt");
    extra = sql`r.status = 'open'`;
  } else if (t.kind === "anniversary") {
    const f = fields.find((x) => x.key === t.field);
    if (f) {
      const e = fieldExpression("r", f);
      const y = sql`extract(year from (${sql.lit("now")}::timestamptz at time zone ${tz}))::int`;
      moment = sql<Date>`make_timestamptz(${y}, extract(month from ${e})::int,
        case when extract(month from ${e}) = 2 and extract(day from ${e}) = 29
          and not (${y} % 4 = 0 and (${y} % 100 <> 0 or ${y} % 400 = 0)) then 28 else extract(day from ${e})::int end,
        ${t.hour}::int, 0, 0::float8, ${tz})`;
    }
  }
  if (!moment) return [];
  const rows = await sql<{
    id: string;
    at: Date;
  }>`select r.id, ${moment} as at from ${sql.table(entity.table)} r
    where ${moment} > ${from} and ${moment} <= ${to} and ${extra} ${visible(owner, entity)}
    order by 2 limit ${PER_TICK}`.execute(trx);
  return rows.rows.map((r) => ({
    ...base,
    triggerKey: `${keyPrefix(t)}:${r.id}:${new Date(r.at).toISOString()}`,
    recordId: r.id,
    context: ctx(r.id, new Date(r.at)),
  }));
}

const keyPrefix = (t: Trigger) =>
  t.kind === "anniversary" ? "anniv" : t.kind === "taskOverdue" ? "overdue" : "date";

function visible(owner: NonNullable<Awaited<ReturnType<typeof actorForUser>>>, entity: EntityDefinition) {
  const live = entity.softDeleteColumn ? sql`and ${sql.ref(`r.${entity.softDeleteColumn}`)} is null` : sql``;
  const scope = entity.ownerColumn
    ? sql`and ${ownerScope(owner, entity.name, "read", `r.${entity.ownerColumn}`)}`
    : sql``;
  return sql`${live} ${scope}`;
}

export function tickJob(deps: AppDeps): JobDefinition {
  return {
    name: TICK_JOB,
    schedule: { cron: "* * * * *" },
    expireInSeconds: 300,
    handler: async () => {
      await tick(deps);
    },
  };
}
