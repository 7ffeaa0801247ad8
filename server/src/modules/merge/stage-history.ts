import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { MovedLink } from "./tables.js";

/**
 * When a merge gives the surviving deal another deal's stage, the survivor leaves its stage and enters the new
 * one now: its open stay is closed and a new stay opened, exactly as a move would. Returns the journal entries
 * undo needs (the new stay is deleted, the old one reopened).
 */
export async function recordSurvivorStageMove(
  trx: Transaction<DB>,
  deal: { id: string; fromStageId: string; toStageId: string; pipelineId: string },
  actorId: string,
): Promise<MovedLink[]> {
  const journal: MovedLink[] = [];
  const closed = await sql<{ id: string }>`update deal_stage_history set left_at = now()
    where deal_id = ${deal.id} and left_at is null returning id::text as id`.execute(trx);
  for (const row of closed.rows) {
    journal.push({
      table: "deal_stage_history",
      key: { id: row.id },
      column: "left_at",
      from: null,
      op: "moved",
    });
  }
  const opened = await trx
    .insertInto("deal_stage_history")
    .values({
      deal_id: deal.id,
      pipeline_id: deal.pipelineId,
      from_stage_id: deal.fromStageId,
      to_stage_id: deal.toStageId,
      moved_by: actorId,
    })
    .returning(sql<string>`id::text`.as("id"))
    .executeTakeFirstOrThrow();
  journal.push({
    table: "deal_stage_history",
    key: { id: opened.id },
    column: "id",
    from: null,
    op: "inserted",
  });
  return journal;
}
