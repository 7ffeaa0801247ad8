import type { Kysely, Selectable, Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { txCached } from "../../platform/db/tx-cache.js";
import { NotFoundError } from "../../platform/errors.js";
import type { Pipeline } from "./schemas.js";
import type { PipelineStagesTable, PipelinesTable } from "./tables.js";

type Trx = Transaction<DB>;
/** Reads: the pool or a transaction (`lock` only inside one). */
type Db = Kysely<DB> | Transaction<DB>;
export type StageRow = Selectable<PipelineStagesTable>;

function present(p: Selectable<PipelinesTable>, stages: StageRow[]): Pipeline {
  return {
    id: p.id,
    name: p.name,
    position: p.position,
    isDefault: p.is_default,
    stages: stages
      .filter((s) => s.pipeline_id === p.id)
      .sort((a, b) => a.position - b.position)
      .map((s) => ({
        id: s.id,
        name: s.name,
        position: s.position,
        probability: s.probability,
        kind: s.kind,
        rotDays: s.rot_days,
      })),
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

export async function listPipelines(trx: Db): Promise<Pipeline[]> {
  const pipelines = await trx
    .selectFrom("pipelines")
    .selectAll()
    .where("deleted_at", "is", null)
    .orderBy("position")
    .orderBy("name")
    .execute();
  if (pipelines.length === 0) return [];
  const ids = pipelines.map((p) => p.id);
  const stages = await trx
    .selectFrom("pipeline_stages")
    .selectAll()
    .where("pipeline_id", "in", ids)
    .execute();
  return pipelines.map((p) => present(p, stages));
}

export async function loadPipeline(trx: Db, id: string, lock = false): Promise<Pipeline> {
  const read = async () => {
    let q = trx.selectFrom("pipelines").selectAll().where("id", "=", id).where("deleted_at", "is", null);
    if (lock) q = q.forUpdate();
    const p = await q.executeTakeFirst();
    if (!p) throw new NotFoundError("Pipeline");
    const stages = await trx
      .selectFrom("pipeline_stages")
      .selectAll()
      .where("pipeline_id", "=", id)
      .execute();
    return { p, stages };
  };
  // Unlocked reads once per transaction in a `cachingTransactions` scope (an automation batch); a lock reads.
  const { p, stages } = lock ? await read() : await txCached(trx, `pipeline:${id}`, read);
  return present(p, stages);
}

export async function defaultPipeline(trx: Trx): Promise<Pipeline> {
  const p = await trx
    .selectFrom("pipelines")
    .select("id")
    .where("deleted_at", "is", null)
    .orderBy("is_default", "desc")
    .orderBy("position")
    .executeTakeFirst();
  if (!p) throw new NotFoundError("Pipeline");
  return loadPipeline(trx, p.id);
}

export async function findStage(trx: Trx, stageId: string): Promise<StageRow | undefined> {
  return trx.selectFrom("pipeline_stages").selectAll().where("id", "=", stageId).executeTakeFirst();
}
