import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope, scopeShape } from "../../platform/access/scope.js";
import { bindNamed, CompiledStatements, marker } from "../../platform/db/compiled.js";
import type { DB } from "../../platform/db/schema.js";
import type { ListPlan } from "../../platform/query/list.js";
import { scopedList } from "../../platform/query/scoped-list.js";
import type { DealRow } from "./present.js";

/** Reads: the pool or a transaction (`lock` only inside one). */
type Db = Kysely<DB> | Transaction<DB>;

/** `findDeal`'s statements, compiled once per scope kind and options (platform/db/compiled.ts). */
const findDealStatements = new CompiledStatements<DealRow>();

export async function findDeal(
  trx: Db,
  actor: Actor,
  id: string,
  opts: { deleted?: boolean; lock?: boolean } = {},
): Promise<DealRow | undefined> {
  const shape = scopeShape(actor, "deals", "read");
  const deleted = opts.deleted ?? false;
  const lock = opts.lock ?? false;
  const build = () => {
    const q = trx
      .selectFrom("deals as d")
      .selectAll("d")
      .where("d.id", "=", marker("id"))
      .where("d.deleted_at", deleted ? "is not" : "is", null)
      .where(ownerScope(shape.template, "deals", "read", "d.owner_id"));
    return lock ? q.forUpdate() : q;
  };
  return findDealStatements.takeFirst(trx, `${shape.key}:${deleted}:${lock}`, build, [
    bindNamed({ id }),
    shape.bind,
  ]);
}

function scoped(trx: Db, actor: Actor, plan: ListPlan, deleted = false) {
  return trx
    .selectFrom("deals as d")
    .where("d.deleted_at", deleted ? "is not" : "is", null)
    .where(ownerScope(actor, "deals", "read", "d.owner_id"))
    .where(plan.where);
}

export async function listDeals(
  trx: Db,
  actor: Actor,
  plan: ListPlan,
  opts: { deleted: boolean; withTotal: boolean },
) {
  const base = trx
    .selectFrom("deals as d")
    .where("d.deleted_at", opts.deleted ? "is not" : "is", null)
    .where(plan.where);
  // Scope by owner ids: a merge of per-owner index walks where the sort allows (`scopedList`).
  const { rows, total } = await scopedList(trx, base, (q) => q.selectAll("d").select(plan.cursorColumn), {
    actor,
    entity: "deals",
    alias: "d",
    ownerColumn: "owner_id",
    plan,
    deleted: opts.deleted,
    withTotal: opts.withTotal,
  });
  return { ...plan.page(rows), total };
}

/** Count and per-currency sums per stage of a pipeline (scope and filter applied). */
export async function boardTotals(
  trx: Db,
  actor: Actor,
  plan: ListPlan,
  pipelineId: string,
  stageId?: string,
) {
  let q = scoped(trx, actor, plan).where("d.pipeline_id", "=", pipelineId);
  if (stageId) q = q.where("d.stage_id", "=", stageId);
  return q
    .select([
      "d.stage_id",
      "d.currency",
      sql<string>`count(*)`.as("n"),
      sql<string | null>`sum(d.amount)::numeric(17,2)::text`.as("total"),
    ])
    .groupBy(["d.stage_id", "d.currency"])
    .execute();
}

/** A page of every stage (or of `stageId` only) in one query (a LATERAL join per stage); `plan.after` = cursor. */
export async function boardPages(
  trx: Db,
  actor: Actor,
  plan: ListPlan,
  pipelineId: string,
  stageId?: string,
) {
  let q = trx
    .selectFrom("pipeline_stages as s")
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("deals as d")
          .selectAll("d")
          .select(plan.cursorColumn)
          .whereRef("d.stage_id", "=", "s.id")
          .where("d.deleted_at", "is", null)
          .where(ownerScope(actor, "deals", "read", "d.owner_id"))
          .where(plan.where)
          .where(plan.after)
          .orderBy(plan.orderBy)
          .limit(plan.fetch)
          .as("x"),
      (join) => join.onTrue(),
    )
    .selectAll("x")
    .where("s.pipeline_id", "=", pipelineId);
  if (stageId) q = q.where("s.id", "=", stageId);
  return q.execute();
}
