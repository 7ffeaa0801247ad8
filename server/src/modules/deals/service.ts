import type { Kysely, Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { assertWritable, listFieldsFor } from "../../platform/access/fields.js";
import { requireAnyScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { type FieldError, NotFoundError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { planList } from "../../platform/query/list.js";
import { quickSearch } from "../../platform/query/quick-search.js";
import { type EntityListQuery, wantsTotal } from "../../platform/query/schemas.js";
import { assertVersion } from "../../platform/records/versions.js";
import {
  assertCanWrite,
  checkLink,
  resolveOwner,
  throwIfErrors,
} from "../../platform/records/write-checks.js";
import { validateCustom } from "../custom-fields/module.js";
import type { Pipeline } from "../pipelines/module.js";
import { defaultPipeline, findStage, loadPipeline } from "../pipelines/module.js";
import { ensureTags, normalizeTagList, withResolvedTags } from "../tags/module.js";
import { lostReasonError, stageColumns } from "./columns.js";
import { auditedDeal, type DealRow, presentDeal } from "./present.js";
import { findDeal, listDeals } from "./repository.js";
import type { CreateDealInput, UpdateDealInput } from "./schemas.js";
import { moveDealsToStage, openHistory } from "./stage-moves.js";
import "./fields.js";

type Trx = Transaction<DB>;
/** Reads run on the pool (no BEGIN/COMMIT) or inside a caller's transaction. */
type Db = Kysely<DB> | Transaction<DB>;
const ENTITY = "deals";

export async function plan(db: Db, ctx: RequestContext, q: EntityListQuery) {
  return planList({
    actor: ctx.actor,
    entity: ENTITY,
    alias: "d",
    fields: await listFieldsFor(db, ENTITY, q),
    defaultSort: "-createdAt",
    params: q,
    search: await quickSearch(db, ctx.actor, ENTITY, "d", q.q),
  });
}

export async function listDealsPage(db: Db, ctx: RequestContext, q: EntityListQuery & { deleted?: boolean }) {
  requireAnyScope(ctx.actor, ENTITY, "read");
  const page = await listDeals(db, ctx.actor, await plan(db, ctx, q), {
    deleted: q.deleted ?? false,
    withTotal: wantsTotal(q),
  });
  return { ...page, items: page.items.map((r) => presentDeal(ctx.actor, r)) };
}

export async function getDeal(db: Db, ctx: RequestContext, id: string) {
  const row = await findDeal(db, ctx.actor, id);
  if (!row) throw new NotFoundError("Deal");
  return presentDeal(ctx.actor, row);
}

interface Placement {
  pipeline: Pipeline;
  stage: Pipeline["stages"][number];
}

async function place(
  trx: Trx,
  input: { pipelineId?: string | undefined; stageId?: string | undefined },
  current: DealRow | undefined,
  errors: FieldError[],
): Promise<Placement | null> {
  const pipelineId = input.pipelineId ?? current?.pipeline_id;
  const pipeline = pipelineId
    ? await loadPipeline(trx, pipelineId).catch(() => null)
    : await defaultPipeline(trx);
  if (!pipeline) {
    errors.push({ field: "pipelineId", message: "Unknown pipeline.", code: "pipeline_not_found" });
    return null;
  }
  const stageId =
    input.stageId ??
    (input.pipelineId && input.pipelineId !== current?.pipeline_id ? undefined : current?.stage_id);
  const stage = stageId ? pipeline.stages.find((s) => s.id === stageId) : pipeline.stages[0];
  if (!stage) {
    errors.push({
      field: "stageId",
      message: "The stage does not belong to the pipeline.",
      code: "stage_not_in_pipeline",
    });
    return null;
  }
  return { pipeline, stage };
}

function checkAmount(
  amount: string | null | undefined,
  currency: string | null | undefined,
  errors: FieldError[],
) {
  if (amount != null && currency == null) {
    errors.push({ field: "currency", message: "Give the currency of the amount.", code: "required" });
  }
  if (amount == null && currency != null) {
    errors.push({ field: "amount", message: "Give an amount or clear the currency.", code: "required" });
  }
}

/** A deal is made with someone: a company, a contact (B2C) or both. */
function checkParty(companyId: string | null, contactId: string | null, errors: FieldError[]) {
  if (companyId || contactId) return;
  const message = "A deal needs a company or a contact (or both).";
  errors.push(
    { field: "companyId", message, code: "company_or_contact_required" },
    { field: "contactId", message, code: "company_or_contact_required" },
  );
}

export async function createDeal(trx: Trx, ctx: RequestContext, input: CreateDealInput) {
  const { actor } = ctx;
  requireAnyScope(actor, ENTITY, "create");
  assertWritable(actor, ENTITY, input);
  const errors: FieldError[] = [];
  const ownerId = await resolveOwner(trx, actor, ENTITY, input.ownerId, null, errors);
  const at = await place(trx, input, undefined, errors);
  const lost = at && lostReasonError(at.stage.kind, input.lostReason);
  if (lost) errors.push(lost);
  checkAmount(input.amount, input.currency, errors);
  checkParty(input.companyId ?? null, input.contactId ?? null, errors);
  await checkLink(trx, actor, "companies", input.companyId, "companyId", errors);
  await checkLink(trx, actor, "contacts", input.contactId, "contactId", errors);
  const custom = await validateCustom(trx, ENTITY, input.custom, { actor });
  errors.push(...custom.errors);
  throwIfErrors(errors);
  if (!at) throw new NotFoundError("Pipeline");
  const row = await trx
    .insertInto("deals")
    .values({
      title: input.title,
      company_id: input.companyId ?? null,
      contact_id: input.contactId ?? null,
      amount: input.amount ?? null,
      currency: input.currency ?? null,
      ...stageColumns({ ...at.stage, pipelineId: at.pipeline.id }, input),
      expected_close_date: input.expectedCloseDate ?? null,
      source: input.source ?? null,
      external_id: input.externalId || null,
      tags: normalizeTagList(input.tags ?? []),
      owner_id: ownerId,
      custom: JSON.stringify(custom.custom),
      created_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await openHistory(trx, row, actor.userId);
  await ensureTags(trx, row.tags, actor.userId);
  await recordChange(
    trx,
    { actorId: actor.userId, requestId: ctx.requestId },
    {
      entity: ENTITY,
      entityId: row.id,
      action: "create",
      changes: diff({}, auditedDeal(row)),
    },
  );
  return presentDeal(actor, row);
}

export async function updateDeal(trx: Trx, ctx: RequestContext, id: string, update: UpdateDealInput) {
  await applyDealUpdate(trx, ctx, id, update);
  return getDeal(trx, ctx, id);
}

/**
 * `updateDeal` without reading the deal back for an answer: for writers that present nothing (automation
 * rules' "update fields"), one statement less.
 */
export async function applyDealUpdate(trx: Trx, ctx: RequestContext, id: string, update: UpdateDealInput) {
  const { actor } = ctx;
  const before = await findDeal(trx, actor, id, { lock: true });
  if (!before) throw new NotFoundError("Deal");
  await assertCanWrite(actor, ENTITY, "update", before.owner_id, trx);
  assertVersion(before.version, ctx.ifMatch);
  const input = withResolvedTags(update, before.tags);
  assertWritable(actor, ENTITY, input);
  const errors: FieldError[] = [];
  const ownerId = await resolveOwner(trx, actor, ENTITY, input.ownerId, before.owner_id, errors);
  const at = await place(trx, input, before, errors);
  const lostReason = input.lostReason !== undefined ? input.lostReason : before.lost_reason;
  const lost = at && at.stage.id !== before.stage_id && lostReasonError(at.stage.kind, lostReason);
  if (lost) errors.push(lost);
  const amount = input.amount !== undefined ? input.amount : before.amount;
  const currency = input.currency !== undefined ? input.currency : before.currency;
  checkAmount(amount, currency, errors);
  checkParty(
    input.companyId !== undefined ? input.companyId : before.company_id,
    input.contactId !== undefined ? input.contactId : before.contact_id,
    errors,
  );
  if (input.companyId) await checkLink(trx, actor, "companies", input.companyId, "companyId", errors);
  if (input.contactId) await checkLink(trx, actor, "contacts", input.contactId, "contactId", errors);
  const custom = await validateCustom(trx, ENTITY, input.custom, {
    actor,
    existing: before.custom,
    recordId: id,
  });
  errors.push(...custom.errors);
  throwIfErrors(errors);
  const v: Record<string, unknown> = { owner_id: ownerId, amount, currency };
  if (input.title !== undefined) v.title = input.title;
  if (input.companyId !== undefined) v.company_id = input.companyId;
  if (input.contactId !== undefined) v.contact_id = input.contactId;
  if (input.expectedCloseDate !== undefined) v.expected_close_date = input.expectedCloseDate;
  if (input.source !== undefined) v.source = input.source;
  if (input.externalId !== undefined) v.external_id = input.externalId || null;
  if (input.lostReason !== undefined && before.stage_id === at?.stage.id) v.lost_reason = input.lostReason;
  if (input.tags) v.tags = normalizeTagList(input.tags);
  if (input.custom !== undefined) v.custom = JSON.stringify(custom.custom);
  if (input.probability !== undefined) {
    v.probability_manual = input.probability !== null;
    v.probability =
      input.probability ?? (await findStage(trx, before.stage_id))?.probability ?? before.probability;
  }
  const mid = await trx
    .updateTable("deals")
    .set(v)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const changes = diff(auditedDeal(before), auditedDeal(mid));
  if (Object.keys(changes).length > 0) {
    await recordChange(
      trx,
      { actorId: actor.userId, requestId: ctx.requestId },
      {
        entity: ENTITY,
        entityId: id,
        ...(changes.ownerId && Object.keys(changes).length === 1
          ? { action: "reassign" as const, changes: { ownerId: changes.ownerId } }
          : { action: "update" as const, changes }),
      },
    );
  }
  if (at && at.stage.id !== mid.stage_id) {
    const stage = await findStage(trx, at.stage.id);
    if (stage) {
      await moveDealsToStage(
        trx,
        { actorId: actor.userId, requestId: ctx.requestId },
        [mid],
        stage,
        lostReason ?? null,
      );
    }
  }
  await ensureTags(trx, mid.tags, actor.userId);
}

/** Board drag-and-drop: move one deal to a stage (any pipeline; the deal follows the stage's pipeline). */
export async function moveDeal(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  input: { stageId: string; lostReason?: string | undefined },
) {
  const row = await findDeal(trx, ctx.actor, id, { lock: true });
  if (!row) throw new NotFoundError("Deal");
  await assertCanWrite(ctx.actor, ENTITY, "update", row.owner_id, trx);
  assertVersion(row.version, ctx.ifMatch);
  assertWritable(ctx.actor, ENTITY, { stageId: input.stageId, lostReason: input.lostReason });
  const stage = await findStage(trx, input.stageId);
  if (!stage) throwIfErrors([{ field: "stageId", message: "Unknown stage.", code: "stage_not_found" }]);
  const lost = lostReasonError(stage!.kind, input.lostReason);
  if (lost) throwIfErrors([lost]);
  await moveDealsToStage(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    [row],
    stage!,
    input.lostReason ?? null,
  );
  return getDeal(trx, ctx, id);
}

export async function setDealDeleted(trx: Trx, ctx: RequestContext, id: string, deleted: boolean) {
  const row = await findDeal(trx, ctx.actor, id, { deleted: !deleted, lock: true });
  if (!row) throw new NotFoundError("Deal");
  await assertCanWrite(ctx.actor, ENTITY, "delete", row.owner_id, trx);
  assertVersion(row.version, ctx.ifMatch);
  const after = await trx
    .updateTable("deals")
    .set({ deleted_at: deleted ? new Date() : null })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: ENTITY,
      entityId: id,
      ...(deleted ? { action: "delete" as const } : { action: "restore" as const }),
      changes: { title: row.title },
    },
  );
  return presentDeal(ctx.actor, after);
}

/** A deal's stays in stages, oldest first (the funnel history of one deal). */
export async function dealStageHistory(db: Db, ctx: RequestContext, id: string) {
  // Independent reads, concurrent on the pool; the history is only answered when the deal is readable.
  const [row, rows] = await Promise.all([
    findDeal(db, ctx.actor, id),
    db
      .selectFrom("deal_stage_history")
      .selectAll()
      .where("deal_id", "=", id)
      .orderBy("entered_at")
      .orderBy("id")
      .execute(),
  ]);
  if (!row) throw new NotFoundError("Deal");
  return {
    items: rows.map((h) => ({
      pipelineId: h.pipeline_id,
      fromStageId: h.from_stage_id,
      toStageId: h.to_stage_id,
      enteredAt: h.entered_at.toISOString(),
      leftAt: h.left_at ? h.left_at.toISOString() : null,
      movedBy: h.moved_by,
    })),
  };
}
