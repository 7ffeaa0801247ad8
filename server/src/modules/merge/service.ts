import { sql } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { assertWritable, fieldsFor } from "../../platform/access/fields.js";
import { ownerScope, requireAnyScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { moveLinks, restoreLinks } from "./links.js";
import { recordSurvivorStageMove } from "./stage-history.js";

/** An entity declaring the merge capability (the route validates it against the catalogue). */
export type MergeEntity = string;
const UNDO_DAYS = 30;

/**
 * The kernel's structured values (`platform/records/values.ts`) live in several columns: the value and its
 * search columns. Entities add their own groups (`capabilities.merge.columnGroups`).
 */
const VALUE_GROUPS: Record<string, readonly string[]> = {
  phones: ["phones", "phone_e164", "phone_digits"],
  phone: ["phones", "phone_e164", "phone_digits"],
  emails: ["emails", "email_values"],
  taxIds: ["tax_ids", "tax_id_values"],
  addresses: ["addresses", "city"],
};

/** Field-choice keys whose presented (and field-rule) key differs: `phone` is the digits filter of `phones`. */
const PRESENTED_AS: Record<string, string> = { phone: "phones" };

/** Money as the API presents it (decimal string); `to_jsonb` turns NUMERIC into a JSON number. */
function presentedValue(v: unknown, money: boolean): unknown {
  if (v === undefined) return null;
  return money && typeof v === "number" ? String(v) : v;
}

export interface MergeInput {
  entity: MergeEntity;
  survivorId: string;
  mergedIds: string[];
  fieldChoices: Record<string, string>;
}

type Row = Record<string, unknown> & { id: string; custom: Record<string, unknown> };

/**
 * Merges records into a survivor in one transaction: chosen values are copied, every link moves to the
 * survivor, the others are soft-deleted with `merged_into`, and a journal allows undo for 30 days. The actor
 * must be able to read and update every record and, since a merge deletes them, delete the merged ones.
 */
export async function mergeRecords(db: Database, ctx: RequestContext, input: MergeInput) {
  const { actor } = ctx;
  requireAnyScope(actor, input.entity, "update");
  requireAnyScope(actor, input.entity, "delete");
  const ids = [input.survivorId, ...input.mergedIds];
  if (new Set(ids).size !== ids.length) {
    throw ValidationError.field("body.mergedIds", "The survivor and merged records must all differ.");
  }
  for (const [field, recordId] of Object.entries(input.fieldChoices)) {
    if (!ids.includes(recordId))
      throw ValidationError.field(`body.fieldChoices.${field}`, "Not one of the merged records.");
  }
  assertWritable(
    actor,
    input.entity,
    Object.fromEntries(Object.keys(input.fieldChoices).map((k) => [k, true])),
  );
  return db.transaction().execute(async (trx) => {
    const table = sql.table(entityCatalog().require(input.entity).table);
    const found = await sql<{ row: Row }>`select to_jsonb(r) as row from ${table} r
      where r.id = any(${ids}::uuid[]) and r.deleted_at is null
        and ${ownerScope(actor, input.entity, "read", "r.owner_id")}
        and ${ownerScope(actor, input.entity, "update", "r.owner_id")}
        and (r.id = ${input.survivorId} or ${ownerScope(actor, input.entity, "delete", "r.owner_id")})
      for update`.execute(trx);
    if (found.rows.length !== ids.length) throw new NotFoundError();
    const byId = new Map(found.rows.map((r) => [r.row.id, r.row]));
    const survivor = byId.get(input.survivorId) as Row;

    const columnsOf = new Map((await fieldsFor(trx, input.entity)).map((f) => [f.key, f]));
    const declared = entityCatalog().require(input.entity).capabilities.merge;
    const spec = declared === true ? undefined : declared;
    const set: Record<string, unknown> = {};
    const custom = { ...survivor.custom };
    // The field-level diff in API keys (`amount`, `emails`, `custom`), so audit field rules apply to it.
    const chosenBefore: Record<string, unknown> = {};
    const chosenAfter: Record<string, unknown> = {};
    for (const [key, recordId] of Object.entries(input.fieldChoices)) {
      if (recordId === input.survivorId) continue;
      const source = byId.get(recordId) as Row;
      const meta = columnsOf.get(key);
      if (meta?.custom) custom[meta.column] = source.custom?.[meta.column] ?? null;
      else {
        const cols = spec?.columnGroups?.[key] ?? VALUE_GROUPS[key] ?? (meta ? [meta.column] : null);
        if (!cols || ["id", "created_at", "updated_at", "created_by"].includes(cols[0] ?? "")) {
          throw ValidationError.field(`body.fieldChoices.${key}`, "This field cannot be chosen.");
        }
        for (const c of cols) set[c] = source[c] ?? null;
        const apiKey = PRESENTED_AS[key] ?? key;
        const money = meta?.type === "money";
        const value = (row: Row) => presentedValue(row[cols[0] as string], money);
        chosenBefore[apiKey] = value(survivor);
        chosenAfter[apiKey] = value(source);
      }
    }
    if (JSON.stringify(custom) !== JSON.stringify(survivor.custom)) {
      set.custom = custom;
      chosenBefore.custom = survivor.custom;
      chosenAfter.custom = custom;
    }
    if (spec?.derive) Object.assign(set, spec.derive(survivor, set));
    const stageMoved = set.stage_id !== undefined && set.stage_id !== survivor.stage_id;
    if (stageMoved) set.stage_entered_at = new Date().toISOString();
    const before = Object.fromEntries(Object.keys(set).map((c) => [c, survivor[c] ?? null]));
    if (Object.keys(set).length) {
      await sql`update ${table} as t set ${sql.join(
        Object.keys(set).map(
          (c) =>
            sql`${sql.ref(c)} = (jsonb_populate_record(null::${table}, ${JSON.stringify(set)}::jsonb)).${sql.ref(c)}`,
        ),
      )} where t.id = ${input.survivorId}`.execute(trx);
    }
    const links = await moveLinks(trx, input.entity, input.mergedIds, input.survivorId);
    const stays = stageMoved
      ? await recordSurvivorStageMove(
          trx,
          {
            id: input.survivorId,
            fromStageId: String(survivor.stage_id),
            toStageId: String(set.stage_id),
            pipelineId: String(set.pipeline_id),
          },
          actor.userId,
        )
      : [];
    await sql`update ${table} set deleted_at = now(), merged_into = ${input.survivorId}
      where id = any(${input.mergedIds}::uuid[])`.execute(trx);
    const merge = await trx
      .insertInto("merges")
      .values({
        entity: input.entity,
        survivor_id: input.survivorId,
        merged_ids: input.mergedIds,
        survivor_before: JSON.stringify(before),
        links: JSON.stringify([...links, ...stays]),
        created_by: actor.userId,
      })
      .returning(["id", "created_at"])
      .executeTakeFirstOrThrow();
    const change = { actorId: actor.userId, requestId: ctx.requestId };
    await recordChange(trx, change, [
      {
        entity: input.entity,
        entityId: input.survivorId,
        action: "merge",
        changes: {
          ...diff(chosenBefore, chosenAfter),
          mergeId: merge.id,
          mergedIds: input.mergedIds,
          movedLinks: links.length,
        },
      },
      ...input.mergedIds.map((id) => ({
        entity: input.entity,
        entityId: id,
        action: "merge" as const,
        changes: { mergeId: merge.id, mergedInto: input.survivorId },
      })),
    ]);
    return {
      id: merge.id,
      survivorId: input.survivorId,
      mergedIds: input.mergedIds,
      movedLinks: links.length,
    };
  });
}

/** Restores the merged records, their links and the survivor's previous values (within 30 days). */
export async function undoMerge(db: Database, ctx: RequestContext, mergeId: string) {
  const { actor } = ctx;
  return db.transaction().execute(async (trx) => {
    const merge = await trx
      .selectFrom("merges")
      .selectAll()
      .where("id", "=", mergeId)
      .forUpdate()
      .executeTakeFirst();
    if (!merge) throw new NotFoundError("Merge");
    // Undo restores the deleted records: the same right as restoring them from the trash.
    requireAnyScope(actor, merge.entity, "delete");
    const table = sql.table(entityCatalog().require(merge.entity).table);
    const survivor = await sql<{ id: string }>`select id from ${table} r where r.id = ${merge.survivor_id}
      and ${ownerScope(actor, merge.entity, "update", "r.owner_id")}`.execute(trx);
    if (survivor.rows.length === 0) throw new NotFoundError("Merge");
    if (merge.undone_at)
      throw new ConflictError("merge_already_undone", "This merge has already been undone.");
    if (merge.created_at.getTime() < Date.now() - UNDO_DAYS * 86_400_000) {
      throw new ConflictError("merge_undo_expired", `A merge can be undone within ${UNDO_DAYS} days.`);
    }
    await sql`update ${table} set deleted_at = null, merged_into = null
      where id = any(${merge.merged_ids}::uuid[]) and merged_into = ${merge.survivor_id}`.execute(trx);
    await restoreLinks(trx, merge.links);
    const before = merge.survivor_before;
    if (Object.keys(before).length) {
      await sql`update ${table} as t set ${sql.join(
        Object.keys(before).map(
          (c) =>
            sql`${sql.ref(c)} = (jsonb_populate_record(null::${table}, ${JSON.stringify(before)}::jsonb)).${sql.ref(c)}`,
        ),
      )} where t.id = ${merge.survivor_id}`.execute(trx);
    }
    await trx
      .updateTable("merges")
      .set({ undone_at: new Date(), undone_by: actor.userId })
      .where("id", "=", mergeId)
      .execute();
    await recordChange(trx, { actorId: actor.userId, requestId: ctx.requestId }, [
      {
        entity: merge.entity,
        entityId: merge.survivor_id,
        action: "merge.undo",
        changes: { mergeId, restored: merge.merged_ids },
      },
      ...merge.merged_ids.map((id) => ({
        entity: merge.entity,
        entityId: id,
        action: "restore" as const,
        changes: { mergeId },
      })),
    ]);
    return {
      id: mergeId,
      survivorId: merge.survivor_id,
      mergedIds: merge.merged_ids,
      movedLinks: merge.links.filter((l) => l.op !== "inserted" && l.table !== "deal_stage_history").length,
    };
  });
}
