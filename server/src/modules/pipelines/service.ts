import { sql, type Transaction } from "kysely";
import type { z } from "zod";
import type { RequestContext } from "../../platform/access/actor.js";
import { patchRow, setsAnyColumn } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { lostReasonError, moveDealsToStage } from "../deals/module.js";
import { findStage, loadPipeline } from "./repository.js";
import type {
  createPipelineBody,
  createStageBody,
  moveDealsBody,
  updatePipelineBody,
  updateStageBody,
} from "./schemas.js";
import type { StageKind } from "./tables.js";

type Trx = Transaction<DB>;
const change = (ctx: RequestContext) => ({ actorId: ctx.actor.userId, requestId: ctx.requestId });

const DEFAULT_STAGES: Array<{ name: string; probability: number; kind: StageKind; rotDays?: number | null }> =
  [
    { name: "Qualification", probability: 10, kind: "open" },
    { name: "Proposal", probability: 50, kind: "open" },
    { name: "Negotiation", probability: 75, kind: "open" },
    { name: "Won", probability: 100, kind: "won" },
    { name: "Lost", probability: 0, kind: "lost" },
  ];

function assertClosingStages(kinds: StageKind[]): void {
  if (!kinds.includes("won") || !kinds.includes("lost")) {
    throw new ConflictError(
      "pipeline_needs_won_and_lost",
      "A pipeline needs at least one won and one lost stage.",
    );
  }
}

async function clearDefault(trx: Trx, exceptId: string) {
  await trx
    .updateTable("pipelines")
    .set({ is_default: false })
    .where("id", "<>", exceptId)
    .where("is_default", "=", true)
    .execute();
}

export async function createPipeline(
  trx: Trx,
  ctx: RequestContext,
  input: z.infer<typeof createPipelineBody>,
) {
  const stages = input.stages ?? DEFAULT_STAGES;
  if (!stages.some((s) => s.kind === "won") || !stages.some((s) => s.kind === "lost")) {
    throw ValidationError.field(
      "stages",
      "Include at least one won and one lost stage.",
      "pipeline_needs_won_and_lost",
    );
  }
  const max = await trx
    .selectFrom("pipelines")
    .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
    .executeTakeFirstOrThrow();
  const p = await trx
    .insertInto("pipelines")
    .values({ name: input.name, position: max.next, is_default: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.isDefault) {
    await clearDefault(trx, p.id);
    await trx.updateTable("pipelines").set({ is_default: true }).where("id", "=", p.id).execute();
  }
  await trx
    .insertInto("pipeline_stages")
    .values(
      stages.map((s, i) => ({
        pipeline_id: p.id,
        name: s.name,
        probability: s.probability,
        kind: s.kind,
        rot_days: s.rotDays ?? null,
        position: i,
      })),
    )
    .execute();
  const created = await loadPipeline(trx, p.id);
  await recordChange(trx, change(ctx), {
    entity: "pipelines",
    entityId: p.id,
    action: "create",
    changes: diff({}, { name: created.name, stages: created.stages.map((s) => s.name) }),
  });
  return created;
}

export async function updatePipeline(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof updatePipelineBody>,
) {
  const before = await loadPipeline(trx, id, true);
  if (input.isDefault) await clearDefault(trx, id);
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.isDefault ? { is_default: true } : {}),
  };
  if (setsAnyColumn(set)) await trx.updateTable("pipelines").set(set).where("id", "=", id).execute();
  const after = await loadPipeline(trx, id);
  const pick = (p: typeof after) => ({ name: p.name, position: p.position, isDefault: p.isDefault });
  const changes = diff(pick(before), pick(after));
  if (Object.keys(changes).length > 0) {
    await recordChange(trx, change(ctx), { entity: "pipelines", entityId: id, action: "update", changes });
  }
  return after;
}

export async function deletePipeline(trx: Trx, ctx: RequestContext, id: string) {
  const p = await loadPipeline(trx, id, true);
  if (p.isDefault) throw new ConflictError("pipeline_is_default", "Make another pipeline the default first.");
  const deals = await trx.selectFrom("deals").select("id").where("pipeline_id", "=", id).limit(1).execute();
  if (deals.length > 0)
    throw new ConflictError("pipeline_not_empty", "Move or delete the pipeline's deals first.");
  await trx.updateTable("pipelines").set({ deleted_at: new Date() }).where("id", "=", id).execute();
  await recordChange(trx, change(ctx), {
    entity: "pipelines",
    entityId: id,
    action: "delete",
    changes: { name: p.name },
  });
}

export async function addStage(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof createStageBody>,
) {
  const p = await loadPipeline(trx, id, true);
  const position = Math.min(input.position ?? p.stages.length, p.stages.length);
  await trx
    .updateTable("pipeline_stages")
    .set({ position: sql<number>`position + 1` })
    .where("pipeline_id", "=", id)
    .where("position", ">=", position)
    .execute();
  const s = await trx
    .insertInto("pipeline_stages")
    .values({
      pipeline_id: id,
      name: input.name,
      probability: input.probability,
      kind: input.kind,
      rot_days: input.rotDays ?? null,
      position,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordChange(trx, change(ctx), {
    entity: "pipelines",
    entityId: id,
    action: "update",
    changes: { stages: { before: null, after: { added: s.id, name: input.name } } },
  });
  return loadPipeline(trx, id);
}

async function stageOf(trx: Trx, pipelineId: string, stageId: string) {
  const s = await findStage(trx, stageId);
  if (!s || s.pipeline_id !== pipelineId) throw new NotFoundError("Stage");
  return s;
}

export async function updateStage(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  stageId: string,
  input: z.infer<typeof updateStageBody>,
) {
  const p = await loadPipeline(trx, id, true);
  const s = await stageOf(trx, id, stageId);
  if (input.kind && input.kind !== s.kind) {
    assertClosingStages(p.stages.map((x) => (x.id === stageId ? input.kind! : x.kind)));
  }
  const after = await patchRow(trx, "pipeline_stages", stageId, {
    name: input.name,
    probability: input.probability,
    kind: input.kind,
    ...(input.rotDays !== undefined ? { rot_days: input.rotDays } : {}),
  });
  const pick = (x: typeof s) => ({
    name: x.name,
    probability: x.probability,
    kind: x.kind,
    rotDays: x.rot_days,
  });
  await recordChange(trx, change(ctx), {
    entity: "pipelines",
    entityId: id,
    action: "update",
    changes: { [`stages.${stageId}`]: { before: pick(s), after: pick(after) } },
  });
  return loadPipeline(trx, id);
}

export async function deleteStage(trx: Trx, ctx: RequestContext, id: string, stageId: string) {
  const p = await loadPipeline(trx, id, true);
  const s = await stageOf(trx, id, stageId);
  const deals = await trx.selectFrom("deals").select("id").where("stage_id", "=", stageId).limit(1).execute();
  if (deals.length > 0) {
    throw new ConflictError(
      "stage_not_empty",
      "The stage still has deals; move them first (POST …/stages/{stageId}/move-deals).",
    );
  }
  assertClosingStages(p.stages.filter((x) => x.id !== stageId).map((x) => x.kind));
  await trx.deleteFrom("deal_stage_history").where("to_stage_id", "=", stageId).execute();
  await trx
    .updateTable("deal_stage_history")
    .set({ from_stage_id: null })
    .where("from_stage_id", "=", stageId)
    .execute();
  await trx.deleteFrom("pipeline_stages").where("id", "=", stageId).execute();
  await trx
    .updateTable("pipeline_stages")
    .set({ position: sql<number>`position - 1` })
    .where("pipeline_id", "=", id)
    .where("position", ">", s.position)
    .execute();
  await recordChange(trx, change(ctx), {
    entity: "pipelines",
    entityId: id,
    action: "update",
    changes: { stages: { before: { removed: stageId, name: s.name }, after: null } },
  });
  return loadPipeline(trx, id);
}

export async function reorderStages(trx: Trx, ctx: RequestContext, id: string, stageIds: string[]) {
  const p = await loadPipeline(trx, id, true);
  const current = p.stages.map((s) => s.id);
  if (
    stageIds.length !== current.length ||
    new Set(stageIds).size !== current.length ||
    !stageIds.every((x) => current.includes(x))
  ) {
    throw ValidationError.field(
      "stageIds",
      "List every stage of the pipeline exactly once.",
      "invalid_order",
    );
  }
  await sql`update pipeline_stages s set position = o.ord - 1
    from unnest(${stageIds}::uuid[]) with ordinality as o(id, ord) where s.id = o.id`.execute(trx);
  await recordChange(trx, change(ctx), {
    entity: "pipelines",
    entityId: id,
    action: "update",
    changes: { stageOrder: { before: current, after: stageIds } },
  });
  return loadPipeline(trx, id);
}

/** Moves every deal of a stage (trash included) to another stage, e.g. before deleting the stage. */
export async function moveStageDeals(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  stageId: string,
  input: z.infer<typeof moveDealsBody>,
) {
  await stageOf(trx, id, stageId);
  const to = await findStage(trx, input.toStageId);
  if (!to) throw ValidationError.field("toStageId", "Unknown stage.", "stage_not_found");
  const lost = lostReasonError(to.kind, input.lostReason);
  if (lost) throw new ValidationError([lost]);
  const deals = await trx
    .selectFrom("deals")
    .select(["id", "stage_id", "pipeline_id", "probability", "probability_manual", "lost_reason"])
    .where("stage_id", "=", stageId)
    .forUpdate()
    .execute();
  await moveDealsToStage(trx, change(ctx), deals, to, input.lostReason ?? null);
  return { moved: deals.length };
}
