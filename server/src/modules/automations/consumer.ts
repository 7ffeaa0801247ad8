import type { ChangeConsumer, DeliveredEvent } from "../../platform/events/consumer.js";
import type { AppDeps } from "../../platform/http/types.js";
import { ruleIndex } from "./matcher.js";
import { cancelWaits, createRuns, type NewRun, recentRunCounts } from "./runs.js";
import { triggerKind } from "./triggers.js";

export const AUTOMATION_CONSUMER = "automations.rules";

/**
 * Turns committed changes into rule runs: each event is matched against the precompiled index of enabled
 * rules; a match becomes a run keyed by (rule version, event id) — UNIQUE, so a redelivered event runs
 * nothing twice — and a job, in the transaction that moves the consumer's cursor. Loop guards run here: a
 * rule ignores changes its own runs made (unless allowed), a chain deeper than the rule's limit and a rule
 * firing too often on one record are stored as `stopped` runs with the reason. Deleted records cancel their
 * waiting runs.
 */
export function automationConsumer(deps: AppDeps): ChangeConsumer {
  return {
    name: AUTOMATION_CONSUMER,
    events: ["*"],
    batchSize: 500,
    async handle(events: DeliveredEvent[], { trx }) {
      const index = await ruleIndex(trx);
      const matches: {
        e: DeliveredEvent;
        rule: ReturnType<typeof index.match>[number];
        depth: number;
        recordId: string;
      }[] = [];
      for (const e of events) {
        if (e.action === "delete")
          await cancelWaits(trx, { entity: e.entity, recordId: e.entityId }, "record_deleted");
        if (index.size === 0) continue;
        for (const rule of index.match(e)) {
          const origin = e.automation ?? null;
          if (origin?.ruleId === rule.ruleId && !rule.definition.options.allowSelfTrigger) continue;
          const depth = origin ? origin.depth + 1 : 0;
          // A trigger on another entity's events (a message received) runs once per record it concerns.
          for (const recordId of rule.on ? rule.on.records(e) : [e.entityId])
            matches.push({ e, rule, depth, recordId });
        }
      }
      // The hour's runs of every (rule, record) pair of the batch, in one query.
      const recent = await recentRunCounts(
        trx,
        matches
          .filter((m) => m.depth <= m.rule.definition.options.maxChainDepth)
          .map((m) => ({ ruleId: m.rule.ruleId, recordId: m.recordId })),
      );
      // Variables a trigger reads for its event (a message's sender and text): once per (event, trigger kind).
      const loaded = new Map<string, Record<string, unknown>>();
      for (const { e, rule } of matches) {
        const kind = triggerKind(rule.definition.trigger.kind);
        const k = `${e.id}:${kind.kind}`;
        if (kind.loadVariables && !loaded.has(k)) loaded.set(k, await kind.loadVariables(trx, e));
      }
      const runs: NewRun[] = [];
      for (const { e, rule, depth, recordId } of matches) {
        const origin = e.automation ?? null;
        const opts = rule.definition.options;
        let stopped: string | undefined;
        if (depth > opts.maxChainDepth) stopped = "chain_depth_exceeded";
        else {
          // Runs of this batch count toward the per-record rate limit before they are inserted.
          const key = `${rule.ruleId}:${recordId}`;
          const count = recent.get(key) ?? 0;
          if (count >= opts.maxRunsPerRecordPerHour) stopped = "rate_limited";
          else recent.set(key, count + 1);
        }
        runs.push({
          ruleId: rule.ruleId,
          versionId: rule.versionId,
          triggerKey: rule.on ? `event:${e.id}:${recordId}` : `event:${e.id}`,
          entity: rule.entity,
          recordId,
          depth,
          parentRunId: origin?.runId ?? null,
          context: {
            trigger: {
              kind: rule.definition.trigger.kind,
              eventId: e.id,
              entity: e.entity,
              entityId: e.entityId,
              action: e.action,
              actorId: e.actorId,
              occurredAt: e.occurredAt,
            },
            changes: e.changes,
            vars: loaded.get(`${e.id}:${rule.definition.trigger.kind}`) ?? {},
          },
          ...(stopped ? { stopped } : {}),
        });
      }
      await createRuns(trx, deps, runs);
    },
  };
}
