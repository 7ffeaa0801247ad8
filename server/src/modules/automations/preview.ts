import type { RequestContext } from "../../platform/access/actor.js";
import { NotFoundError, ValidationError } from "../../platform/errors.js";
import type { AppDeps } from "../../platform/http/types.js";
import { actorForUser } from "../../platform/records/actor.js";
import { conditionsHold, loadRecord } from "./records.js";
import type { Definition, Step } from "./schemas.js";
import { type StepContext, stepKind } from "./steps/registry.js";
import { triggerVariables } from "./variable-catalog.js";

interface PreviewStep {
  stepId: string;
  stepType: string;
  wouldDo: string;
  detail: unknown;
}

class Rollback extends Error {}

/**
 * A test run on a chosen record: evaluates the conditions and branches on the record as it is now and says what
 * each step would do, as the rule's owner. It runs in a transaction that is always rolled back, and the steps'
 * `preview` never writes, so nothing changes.
 */
export async function testRun(
  deps: AppDeps,
  ctx: RequestContext,
  ruleId: string,
  input: { recordId?: string | undefined; variables?: Record<string, unknown> | undefined },
) {
  let out: { conditionsMet: boolean; steps: PreviewStep[] } | null = null;
  await deps.db
    .transaction()
    .execute(async (trx) => {
      const rule = await trx
        .selectFrom("automation_rules as r")
        .innerJoin("automation_rule_versions as v", "v.id", "r.current_version_id")
        .select(["r.id", "r.name", "r.owner_id", "r.entity", "r.current_version_id", "v.definition"])
        .where("r.id", "=", ruleId)
        .where("r.deleted_at", "is", null)
        .executeTakeFirst();
      if (!rule) throw new NotFoundError("Rule");
      const owner = await actorForUser(trx as never, rule.owner_id);
      if (!owner)
        throw ValidationError.field("ownerId", "The rule's owner is deactivated.", "owner_inactive");
      const entity = deps.entities.get(rule.entity);
      if (!entity) throw new NotFoundError("Rule");
      const definition = rule.definition as Definition;
      let record: Record<string, unknown> | null = null;
      if (input.recordId) {
        // The caller must see the record too: a test run is not a way to read other people's records.
        const mine = await loadRecord(trx, ctx.actor, entity, input.recordId);
        record = mine ? await loadRecord(trx, owner, entity, input.recordId) : null;
        if (!record) throw new NotFoundError("Record");
      }
      const tz = await trx
        .selectFrom("users")
        .select("time_zone")
        .where("id", "=", rule.owner_id)
        .executeTakeFirst();
      const sctx: StepContext = {
        trx,
        deps,
        run: {
          id: "00000000-0000-0000-0000-000000000000",
          ruleId: rule.id,
          versionId: rule.current_version_id as string,
          depth: 0,
          createdAt: new Date(),
        },
        rule: { id: rule.id, name: rule.name, ownerId: rule.owner_id },
        owner,
        request: { actor: owner, requestId: `automation-test:${rule.id}`, ip: null, userAgent: null },
        entity,
        recordId: input.recordId ?? null,
        record,
        vars: {
          // The trigger's own namespaces (`message`) from the given variables, as a real run would have them.
          ...Object.fromEntries(
            triggerVariables(definition.trigger.kind, entity, deps.entities.all()).map((v) => {
              const ns = v.name.split(".")[0] as string;
              return [ns, input.variables?.[ns] ?? {}];
            }),
          ),
          record: record ?? {},
          trigger: { kind: definition.trigger.kind, entityId: input.recordId ?? null, test: true },
          hook: input.variables ?? {},
          previous: {},
          rule: { id: rule.id, name: rule.name },
          run: { id: "test" },
          now: new Date().toISOString(),
        },
        ownerTimeZone: tz?.time_zone ?? "UTC",
        outputs: {},
      };
      const cond = (c: Definition["conditions"]) =>
        conditionsHold(trx, c, {
          actor: owner,
          def: entity,
          recordId: sctx.recordId,
          changes: {},
          runStartedAt: new Date(),
          vars: sctx.vars,
        });
      const conditionsMet = await cond(definition.conditions);
      const steps: PreviewStep[] = [];
      const walk = async (list: Step[]) => {
        for (const step of list) {
          if (step.type === "branch") {
            const holds = await cond(step.if);
            steps.push({
              stepId: step.id,
              stepType: "branch",
              wouldDo: holds ? "then" : "else",
              detail: null,
            });
            await walk(holds ? step.thenSteps : step.elseSteps);
            continue;
          }
          try {
            const p = await stepKind(step.type).preview(step as never, sctx);
            steps.push({
              stepId: step.id,
              stepType: step.type,
              wouldDo: p.wouldDo,
              detail: p.detail ?? null,
            });
          } catch (e) {
            steps.push({
              stepId: step.id,
              stepType: step.type,
              wouldDo: "error",
              detail: { error: (e as Error).message },
            });
          }
        }
      };
      await walk(definition.steps);
      out = { conditionsMet, steps };
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return out as unknown as { conditionsMet: boolean; steps: PreviewStep[] };
}
