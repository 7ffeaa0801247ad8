import {
  type CompiledQuery,
  type Kysely,
  type RawBuilder,
  type SqlBool,
  sql,
  type Transaction,
} from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { type FieldMeta, fieldsFor, isFieldHidden } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError, type FieldError, ValidationError } from "../../platform/errors.js";
import { compileFilterNode } from "../../platform/query/filter.js";
import { userTimeZone } from "../../platform/query/list.js";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { relatedHold } from "./related.js";
import type { Conditions } from "./schemas.js";
import { variableConditionsHold } from "./variable-conditions.js";

type Db = Kysely<DB> | Transaction<DB>;

/** The fields of an entity its owner may read (standard + custom), for variables and conditions. */
export async function readableFields(db: Db, actor: Actor, entity: string): Promise<FieldMeta[]> {
  return (await fieldsFor(db, entity)).filter((f) => !isFieldHidden(actor, entity, f) && !f.filterOnly);
}

/**
 * The record as the rule's owner sees it (API keys, hidden fields left out), or null when it is gone or
 * outside the owner's read scope.
 */
export async function loadRecord(
  db: Db,
  actor: Actor,
  def: EntityDefinition,
  id: string,
  /** `readableFields(db, actor, def.name)` when the caller already has them (a run loads them once per pass). */
  readable?: FieldMeta[],
  /**
   * Keeps the compiled statement between calls with the same actor, entity, fields and id (a run's pass reloads
   * the record before every step): built once, sent again as is.
   */
  memo?: { query?: CompiledQuery<{ rec: Record<string, unknown> }> },
): Promise<Record<string, unknown> | null> {
  let query = memo?.query;
  if (!query) {
    const fields = readable ?? (await readableFields(db, actor, def.name));
    const pairs = fields.map((f) => sql`${sql.lit(f.key)}::text, ${fieldExpr(f)}`);
    const chunks: RawBuilder<unknown>[] = [];
    for (let i = 0; i < pairs.length; i += 40)
      chunks.push(sql`jsonb_build_object(${sql.join(pairs.slice(i, i + 40))})`);
    const obj = chunks.length > 0 ? sql.join(chunks, sql` || `) : sql`'{}'::jsonb`;
    query = sql<{ rec: Record<string, unknown> }>`select ${obj} as rec from ${sql.table(def.table)} r
      where r.id = ${id}::uuid ${liveAndVisible(actor, def)}`.compile(db);
    if (memo) memo.query = query;
  }
  const row = await db.executeQuery(query);
  return row.rows[0]?.rec ?? null;
}

function fieldExpr(f: FieldMeta) {
  // The list engine's expressions, under the alias `r`.
  return sql`(${fieldExpression(f)})`;
}

import { fieldExpression as expressionOf } from "../../platform/query/expressions.js";

const fieldExpression = (f: FieldMeta) => expressionOf("r", f);

function liveAndVisible(actor: Actor, def: EntityDefinition): RawBuilder<unknown> {
  const live = def.softDeleteColumn ? sql`and ${sql.ref(`r.${def.softDeleteColumn}`)} is null` : sql``;
  const scope = def.ownerColumn
    ? sql`and ${ownerScope(actor, def.name, "read", `r.${def.ownerColumn}`)}`
    : sql``;
  return sql`${live} ${scope}`;
}

/** Compiles a condition filter for the owner; a field hidden from them or unknown is a 422 at save. */
export function compileConditionFilter(
  filter: Record<string, unknown>,
  actor: Actor,
  entity: string,
  fields: FieldMeta[],
  path: string,
): RawBuilder<SqlBool> {
  try {
    return compileFilterNode(filter, {
      actor,
      entity,
      alias: "r",
      fields,
      timeZone: userTimeZone(actor.userId),
    });
  } catch (e) {
    if (e instanceof AppError && e.errors) {
      throw new ValidationError(
        e.errors.map((x): FieldError => ({ ...x, field: `${path}.${x.field}` })),
        "The rule's conditions are invalid.",
      );
    }
    throw e;
  }
}

/** Activities that count as "activity" on a record (not system entries or status changes). */
const HUMAN_ACTIVITY = ["call", "meeting", "note", "email", "sms"] as const;

export interface ConditionInput {
  actor: Actor;
  def: EntityDefinition;
  recordId: string | null;
  /** The triggering event's field changes, if any. */
  changes: Record<string, unknown>;
  runStartedAt: Date;
  /** The run's variables the `variables` conditions test (the trigger's own, `hook`). */
  vars?: Record<string, unknown>;
}

/** Whether the conditions hold now (the filter is evaluated in SQL on the live record). */
export async function conditionsHold(db: Db, c: Conditions, input: ConditionInput): Promise<boolean> {
  if (c.variables?.length && !variableConditionsHold(c.variables, input.vars ?? {})) return false;
  for (const ch of c.changed ?? []) {
    const v = input.changes[ch.field] as { before?: unknown; after?: unknown } | undefined;
    if (!v || typeof v !== "object" || !("after" in v)) return false;
    if (ch.from !== undefined && JSON.stringify(v.before) !== JSON.stringify(ch.from)) return false;
    if (ch.to !== undefined && JSON.stringify(v.after) !== JSON.stringify(ch.to)) return false;
  }
  const since =
    c.noActivityForHours !== undefined
      ? new Date(Date.now() - c.noActivityForHours * 3_600_000)
      : c.noActivitySinceRunStart
        ? input.runStartedAt
        : null;
  if (since && input.recordId) {
    const hit = await db
      .selectFrom("activity_links as l")
      .innerJoin("activities as a", "a.id", "l.activity_id")
      .select("a.id")
      .where("l.entity", "=", input.def.name)
      .where("l.record_id", "=", input.recordId)
      .where("a.deleted_at", "is", null)
      .where("a.kind", "in", HUMAN_ACTIVITY)
      .where("a.created_at", ">", since)
      .limit(1)
      .executeTakeFirst();
    if (hit) return false;
  }
  if (c.related && c.related.length > 0) {
    if (!input.recordId) return false;
    if (!(await relatedHold(db, input.actor, input.def, input.recordId, c.related))) return false;
  }
  if (c.filter && Object.keys(c.filter).length > 0) {
    if (!input.recordId) return false;
    const fields = await fieldsFor(db, input.def.name);
    const pred = compileConditionFilter(c.filter, input.actor, input.def.name, fields, "conditions.filter");
    const row = await sql<{ ok: boolean }>`select exists(select 1 from ${sql.table(input.def.table)} r
      where r.id = ${input.recordId}::uuid ${liveAndVisible(input.actor, input.def)} and ${pred}) as ok`.execute(
      db,
    );
    return row.rows[0]?.ok === true;
  }
  return true;
}
