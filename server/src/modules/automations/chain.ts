import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { RunContext, RunRow } from "./run-state.js";
import { createRuns } from "./runs.js";
import type { Definition } from "./schemas.js";

/** "Start another rule": a child run of the target's current version, one level deeper, with this outcome. */
export async function startChild(
  trx: Transaction<DB>,
  deps: AppDeps,
  run: RunRow,
  ruleId: string,
  stepId: string,
  context: RunContext,
  definition: Definition,
) {
  const target = await trx
    .selectFrom("automation_rules")
    .select(["id", "current_version_id", "enabled", "entity"])
    .where("id", "=", ruleId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!target?.enabled || !target.current_version_id) return { started: false, reason: "rule_not_enabled" };
  const depth = run.depth + 1;
  const stopped = depth > definition.options.maxChainDepth ? "chain_depth_exceeded" : undefined;
  const [id] = await createRuns(trx, deps, [
    {
      ruleId,
      versionId: target.current_version_id,
      triggerKey: `chain:${run.id}:${stepId}`,
      entity: target.entity,
      recordId: run.record_id,
      depth,
      parentRunId: run.id,
      context: {
        trigger: { kind: "startedBy", ruleId: run.rule_id, runId: run.id },
        hook: context.hook ?? {},
        previous: {
          ruleId: run.rule_id,
          ruleName: run.rule_name,
          runId: run.id,
          status: "succeeded",
          outputs: context.outputs ?? {},
        },
      },
      ...(stopped ? { stopped } : {}),
    },
  ]);
  return { started: !stopped, runId: id ?? null, ...(stopped ? { reason: stopped } : {}) };
}
