import type { FieldError } from "../../platform/errors.js";

/**
 * A deal's write rules, once, for the API (create, update, move, a stage's bulk move), import and demo data.
 */

/** A deal entering a lost stage needs a reason. */
export function lostReasonError(
  stageKind: string,
  lostReason: string | null | undefined,
  field = "lostReason",
): FieldError | null {
  if (stageKind !== "lost" || lostReason) return null;
  return { field, message: "Give a reason for a lost deal.", code: "lost_reason_required" };
}

/**
 * The columns a new deal stores for its stage: probability follows the stage unless given, closed on a won or
 * lost stage, and a lost reason only on a lost one.
 */
export function stageColumns(
  stage: { id: string; pipelineId: string; kind: string; probability: number },
  input: { probability?: number | null | undefined; lostReason?: string | null | undefined },
  now: Date = new Date(),
) {
  return {
    pipeline_id: stage.pipelineId,
    stage_id: stage.id,
    probability: input.probability ?? stage.probability,
    probability_manual: input.probability != null,
    closed_at: stage.kind === "open" ? null : now,
    lost_reason: stage.kind === "lost" ? (input.lostReason ?? null) : null,
  };
}
