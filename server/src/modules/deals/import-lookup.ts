import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";

type Db = Kysely<DB> | Transaction<DB>;

/** The live pipelines (in order) and their stages, loaded once per import. */
export interface DealPipelines {
  pipelines: { id: string; name: string; isDefault: boolean }[];
  stages: { id: string; pipelineId: string; name: string; probability: number; kind: string }[];
}

export async function loadDealPipelines(db: Db): Promise<DealPipelines> {
  const pipelines = await db
    .selectFrom("pipelines")
    .select(["id", "name", "is_default"])
    .where("deleted_at", "is", null)
    .orderBy("position")
    .execute();
  const stages = await db
    .selectFrom("pipeline_stages")
    .select(["id", "pipeline_id", "name", "probability", "kind"])
    .orderBy("position")
    .execute();
  return {
    pipelines: pipelines.map((p) => ({ id: p.id, name: p.name, isDefault: p.is_default })),
    stages: stages.map((s) => ({ ...s, pipelineId: s.pipeline_id })),
  };
}

/** The pipeline named (or the default one) and the stage named in it (or its first stage). */
export function pipelineStage(
  loaded: DealPipelines,
  pipelineName: string | undefined,
  stageName: string | undefined,
):
  | { pipelineId: string; stageId: string; probability: number; kind: string }
  | { field: "pipeline" | "stage"; error: string } {
  const { pipelines } = loaded;
  const p = pipelineName
    ? pipelines.find((x) => x.name.toLowerCase() === pipelineName.toLowerCase())
    : (pipelines.find((x) => x.isDefault) ?? pipelines[0]);
  if (!p) {
    return {
      field: "pipeline",
      error: pipelineName ? `No pipeline named "${pipelineName}".` : "There is no pipeline.",
    };
  }
  const stages = loaded.stages.filter((s) => s.pipelineId === p.id);
  const s = stageName ? stages.find((x) => x.name.toLowerCase() === stageName.toLowerCase()) : stages[0];
  if (!s) {
    return {
      field: "stage",
      error: stageName ? `No stage named "${stageName}" in ${p.name}.` : `${p.name} has no stages.`,
    };
  }
  return { pipelineId: p.id, stageId: s.id, probability: s.probability, kind: s.kind };
}

/** New deals' first stay: one stage-history row each, like the API's create. */
export async function writeImportedStageHistory(
  trx: Transaction<DB>,
  rows: { id: string }[],
  actorId: string,
): Promise<void> {
  const ids = rows.map((r) => r.id);
  await sql`insert into deal_stage_history (deal_id, pipeline_id, to_stage_id, moved_by)
    select d.id, d.pipeline_id, d.stage_id, ${actorId} from deals d where d.id = any(${ids}::uuid[])`.execute(
    trx,
  );
}
