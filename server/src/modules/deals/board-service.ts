import type { Kysely, Transaction } from "kysely";
import { type RequestContext, scopeFor } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import { requireAnyScope } from "../../platform/access/scope.js";
import type { Config } from "../../platform/config/config.js";
import type { DB } from "../../platform/db/schema.js";
import type { EntityListQuery } from "../../platform/query/schemas.js";
import { throwIfErrors } from "../../platform/records/write-checks.js";
import { type AmountToConvert, convertToWorkspaceCurrency } from "../currencies/module.js";
import { loadPipeline } from "../pipelines/module.js";
import { nextOpenTasks } from "./next-tasks.js";
import { presentDeal } from "./present.js";
import { boardPages, boardTotals } from "./repository.js";
import { plan } from "./service.js";

type Db = Kysely<DB> | Transaction<DB>;
const ENTITY = "deals";
const ALL = "*";

interface Sum {
  currency: string;
  amount: string;
}

/** Adds decimal strings exactly (minor units as BigInt; the totals arrive as `numeric(17,2)` text). */
function addSums(sums: readonly Sum[]): Sum[] {
  const by = new Map<string, bigint>();
  for (const s of sums) {
    const [int = "0", frac = ""] = s.amount.replace("-", "").split(".");
    const minor = BigInt(int) * 100n + BigInt(frac.padEnd(2, "0").slice(0, 2));
    by.set(s.currency, (by.get(s.currency) ?? 0n) + (s.amount.startsWith("-") ? -minor : minor));
  }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => {
      const abs = minor < 0n ? -minor : minor;
      const amount = `${minor < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
      return { currency, amount };
    });
}

/**
 * The kanban: per stage the count, sums per currency and their total in the workspace currency (rates of
 * `ratesOn`, currencies without a rate named), the first page of cards; and the same totals for the whole board.
 * Everything inside the caller's read scope and filter.
 */
export async function board(
  trx: Db,
  config: Config,
  ctx: RequestContext,
  pipelineId: string,
  q: EntityListQuery & { perStage: number; stageId?: string | undefined; ratesOn?: string | undefined },
) {
  requireAnyScope(ctx.actor, ENTITY, "read");
  const pipeline = await loadPipeline(trx, pipelineId);
  if (q.cursor && !q.stageId) {
    throwIfErrors([
      { field: "stageId", message: "A cursor continues one column: give its stage.", code: "required" },
    ]);
  }
  if (q.stageId && !pipeline.stages.some((s) => s.id === q.stageId)) {
    throwIfErrors([{ field: "stageId", message: "Not a stage of this pipeline.", code: "stage_not_found" }]);
  }
  const stages = q.stageId ? pipeline.stages.filter((s) => s.id === q.stageId) : pipeline.stages;
  const p = await plan(trx, ctx, { ...q, limit: q.perStage });
  const [totals, rows] = await Promise.all([
    boardTotals(trx, ctx.actor, p, pipelineId, q.stageId),
    boardPages(trx, ctx.actor, p, pipelineId, q.stageId),
  ]);
  const pages = new Map(stages.map((s) => [s.id, p.page(rows.filter((r) => r.stage_id === s.id))]));
  const tasks = await nextOpenTasks(
    trx,
    ctx.actor,
    [...pages.values()].flatMap((page) => page.items.map((r) => r.id)),
  );
  const withTasks = scopeFor(ctx.actor, "tasks", "read") !== "none";
  const showAmounts = !isHidden(ctx.actor, ENTITY, "amount");
  const ratesOn = q.ratesOn ?? new Date().toISOString().slice(0, 10);
  const sumsOf = (stageId: string): Sum[] =>
    totals
      .filter((t) => t.stage_id === stageId && t.currency !== null && t.total !== null)
      .map((t) => ({ currency: t.currency!, amount: t.total! }));
  const allSums = addSums(stages.flatMap((s) => sumsOf(s.id)));
  const toConvert: AmountToConvert[] = [
    ...stages.flatMap((s) => sumsOf(s.id).map((sum) => ({ key: s.id, ...sum }))),
    ...allSums.map((sum) => ({ key: ALL, ...sum })),
  ];
  const converted = showAmounts ? await convertToWorkspaceCurrency(trx, config, ratesOn, toConvert) : null;
  const money = (key: string, sums: Sum[]) => (converted ? { sums, converted: converted(key) } : {});
  return {
    pipelineId,
    ratesOn,
    total: { count: totals.reduce((n, t) => n + Number(t.n), 0), ...money(ALL, allSums) },
    stages: stages.map((s) => {
      const page = pages.get(s.id)!;
      return {
        stageId: s.id,
        count: totals.filter((t) => t.stage_id === s.id).reduce((n, t) => n + Number(t.n), 0),
        ...money(s.id, sumsOf(s.id)),
        items: page.items.map((r) => ({
          ...presentDeal(ctx.actor, r),
          ...(withTasks ? { nextTask: tasks.get(r.id) ?? null } : {}),
        })),
        nextCursor: page.nextCursor,
      };
    }),
  };
}
