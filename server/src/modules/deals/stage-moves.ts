import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { FieldChange } from "../../platform/events/catalogue.js";
import { type ChangeEvent, recordChange } from "../../platform/events/outbox.js";
import type { StageRow } from "../pipelines/module.js";

export interface MovableDeal {
  id: string;
  stage_id: string;
  pipeline_id: string;
  probability: number;
  probability_manual: boolean;
  lost_reason: string | null;
}

/**
 * Moves deals into a stage: updates them (probability follows the stage unless set by hand, `closed_at` on
 * won/lost), closes their open stage-history rows and opens new ones, and reports one change per deal —
 * all in the caller's transaction. Used by PATCH/move of one deal and by the bulk move of a stage's deals.
 */
export async function moveDealsToStage(
  trx: Transaction<DB>,
  ctx: { actorId: string; requestId?: string | null },
  deals: MovableDeal[],
  to: StageRow,
  lostReason: string | null,
): Promise<void> {
  const moving = deals.filter((d) => d.stage_id !== to.id);
  for (let i = 0; i < moving.length; i += 1000) {
    const chunk = moving.slice(i, i + 1000);
    const ids = chunk.map((d) => d.id);
    await trx
      .updateTable("deals")
      .set({
        stage_id: to.id,
        pipeline_id: to.pipeline_id,
        probability: sql<number>`case when probability_manual then probability else ${to.probability}::int end`,
        stage_entered_at: sql<Date>`now()`,
        closed_at: to.kind === "open" ? null : sql<Date>`now()`,
        lost_reason: to.kind === "lost" ? lostReason : null,
      })
      .where("id", "in", ids)
      .execute();
    await trx
      .updateTable("deal_stage_history")
      .set({ left_at: sql<Date>`now()` })
      .where("deal_id", "in", ids)
      .where("left_at", "is", null)
      .execute();
    await trx
      .insertInto("deal_stage_history")
      .values(
        chunk.map((d) => ({
          deal_id: d.id,
          pipeline_id: to.pipeline_id,
          from_stage_id: d.stage_id,
          to_stage_id: to.id,
          moved_by: ctx.actorId,
        })),
      )
      .execute();
    const events: ChangeEvent[] = chunk.map((d) => {
      const changes: Partial<Record<"stageId" | "pipelineId" | "probability" | "lostReason", FieldChange>> = {
        stageId: { before: d.stage_id, after: to.id },
      };
      if (d.pipeline_id !== to.pipeline_id)
        changes.pipelineId = { before: d.pipeline_id, after: to.pipeline_id };
      if (!d.probability_manual && d.probability !== to.probability) {
        changes.probability = { before: d.probability, after: to.probability };
      }
      const newReason = to.kind === "lost" ? lostReason : null;
      if (d.lost_reason !== newReason) changes.lostReason = { before: d.lost_reason, after: newReason };
      return { entity: "deals", entityId: d.id, action: "update", changes };
    });
    await recordChange(trx, ctx, events);
  }
}

/** The first stay of a new deal. */
export async function openHistory(
  trx: Transaction<DB>,
  deal: { id: string; pipeline_id: string; stage_id: string },
  actorId: string,
): Promise<void> {
  await trx
    .insertInto("deal_stage_history")
    .values({
      deal_id: deal.id,
      pipeline_id: deal.pipeline_id,
      to_stage_id: deal.stage_id,
      moved_by: actorId,
    })
    .execute();
}
