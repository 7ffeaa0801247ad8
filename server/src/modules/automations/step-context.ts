import type { Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { FieldMeta } from "../../platform/access/fields.js";
import type { DB } from "../../platform/db/schema.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { loadRecord, readableFields } from "./records.js";
import type { RunContext, RunRow } from "./run-state.js";
import type { StepContext } from "./steps/registry.js";
import type { Variables } from "./variables.js";

/** What stays the same for every step of one pass of a run: read once, not per step. */
export interface PassFacts {
  readable: FieldMeta[];
  ownerTimeZone: string;
  /** The record's statement, compiled at the pass's first load and sent again before each later step. */
  recordQuery: NonNullable<Parameters<typeof loadRecord>[5]>;
}

export async function passFacts(
  trx: Transaction<DB>,
  run: RunRow,
  owner: Actor,
  entity: EntityDefinition,
): Promise<PassFacts> {
  return {
    readable: await readableFields(trx, owner, entity.name),
    ownerTimeZone: run.owner_time_zone ?? "UTC",
    recordQuery: {},
  };
}

/**
 * What a step sees: the live record as the owner reads it (loaded again before every step, so a step sees
 * what the previous one wrote — `loaded`: the record as the previous step of the pass saw it, when that step
 * wrote nothing it could show, see `keepsRecord`), the `{{variables}}`, earlier steps' outputs.
 */
export async function stepContext(
  trx: Transaction<DB>,
  deps: AppDeps,
  run: RunRow,
  owner: Actor,
  entity: EntityDefinition,
  context: RunContext,
  facts: PassFacts,
  loaded?: { record: Record<string, unknown> | null },
): Promise<StepContext> {
  const record = !run.record_id
    ? null
    : loaded
      ? loaded.record
      : await loadRecord(trx, owner, entity, run.record_id, facts.readable, facts.recordQuery);
  const vars: Variables = {
    ...(context.vars ?? {}),
    record: record ?? {},
    trigger: context.trigger ?? {},
    hook: context.hook ?? {},
    previous: context.previous ?? {},
    rule: { id: run.rule_id, name: run.rule_name },
    run: { id: run.id },
    now: new Date().toISOString(),
  };
  return {
    trx,
    deps,
    run: {
      id: run.id,
      ruleId: run.rule_id,
      versionId: run.version_id,
      depth: run.depth,
      createdAt: run.created_at,
    },
    rule: { id: run.rule_id, name: run.rule_name, ownerId: run.owner_id },
    owner,
    request: { actor: owner, requestId: `automation:${run.id}`, ip: null, userAgent: null },
    entity,
    recordId: run.record_id,
    record,
    vars,
    ownerTimeZone: facts.ownerTimeZone,
    outputs: context.outputs ?? {},
  };
}

/**
 * Whether the record a step saw is still what a reload would show after the step: it wrote no change event of
 * the run's entity, and — when a readable field is an SQL expression (it may read other tables, e.g. a
 * contact's companies) — no change event at all. Every business write reports through `recordChange`, which
 * fills `changed` with the entities it wrote.
 */
export function keepsRecord(
  changed: ReadonlySet<string>,
  entity: EntityDefinition,
  facts: PassFacts,
): boolean {
  if (changed.size === 0) return true;
  if (changed.has(entity.name)) return false;
  return !facts.readable.some((f) => f.expression !== undefined);
}
