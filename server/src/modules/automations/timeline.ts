import { sql } from "kysely";
import type { TimelineSource } from "../../platform/records/timeline-sources.js";

const iso = (d: Date | string) => new Date(d).toISOString();

/** Runs worth a line on a record: those that did (or are doing) something; "conditions not met" are not. */
const SHOWN = ["running", "waiting", "succeeded", "failed"];

/**
 * A rule's runs on the timelines of the records they ran on ("rule X: moved to stage Y, created a task"), as
 * `kind: "system"` items with `event.event = "automation_run"`: the rule's name, the run's status and what its
 * finished steps did (step type, and the stage's name for a stage move). The timeline shows them only to those
 * who may read the record — the same rule as `GET /api/v1/automation-runs`.
 */
export const automationTimelineSource: TimelineSource = {
  name: "automationRuns",
  kind: "system",
  page(_actor, key, before, limit) {
    const after = before
      ? sql`and (r.created_at, r.id) < (${before.at}::timestamptz, ${before.id}::uuid)`
      : sql``;
    return sql<{ id: string; at: Date }>`
      select r.id, r.created_at as at
      from automation_runs r
      where r.record_id = ${key.recordId} and r.entity = ${key.entity}
        and r.status = any(${SHOWN}::text[]) ${after}
      order by r.created_at desc, r.id desc
      limit ${limit}`;
  },
  async load(db, _actor, ids) {
    if (ids.length === 0) return new Map();
    const runs = await db
      .selectFrom("automation_runs as r")
      .innerJoin("automation_rules as u", "u.id", "r.rule_id")
      .select([
        "r.id",
        "r.rule_id",
        "u.name",
        "r.status",
        "r.error",
        "r.entity",
        "r.record_id",
        "r.created_at",
        "r.updated_at",
      ])
      .where("r.id", "in", ids)
      .execute();
    const steps = await db
      .selectFrom("automation_run_steps")
      .select(["run_id", "step_type", "output"])
      .where("run_id", "in", ids)
      .where("status", "=", "succeeded")
      .orderBy("id")
      .execute();
    const stageIds = steps.flatMap((s) => {
      const id = (s.output as { stageId?: unknown } | null)?.stageId;
      return s.step_type === "moveStage" && typeof id === "string" ? [id] : [];
    });
    const stages = new Map(
      stageIds.length
        ? (
            await db
              .selectFrom("pipeline_stages")
              .select(["id", "name"])
              .where("id", "in", [...new Set(stageIds)])
              .execute()
          ).map((s) => [s.id, s.name])
        : [],
    );
    const done = new Map<string, { type: string; stage?: string | null }[]>();
    for (const s of steps) {
      if (s.step_type === "wait" || s.step_type === "branch") continue;
      const stageId = (s.output as { stageId?: unknown } | null)?.stageId;
      const entry =
        s.step_type === "moveStage"
          ? { type: s.step_type, stage: typeof stageId === "string" ? (stages.get(stageId) ?? null) : null }
          : { type: s.step_type };
      done.set(s.run_id, [...(done.get(s.run_id) ?? []), entry]);
    }
    return new Map(
      runs.map((r) => [
        r.id,
        {
          id: r.id,
          kind: "system",
          occurredAt: iso(r.created_at),
          subject: null,
          body: null,
          direction: null,
          phone: null,
          phoneRaw: null,
          durationSeconds: null,
          outcome: null,
          recordingUrl: null,
          startsAt: null,
          endsAt: null,
          place: null,
          participants: { users: [], contacts: [] },
          from: null,
          to: null,
          toRaw: null,
          event: {
            event: "automation_run",
            runId: r.id,
            ruleId: r.rule_id,
            rule: r.name,
            status: r.status,
            steps: done.get(r.id) ?? [],
          },
          taskId: null,
          createdBy: null,
          createdAt: iso(r.created_at),
          updatedAt: iso(r.updated_at),
          links: r.record_id ? [{ entity: r.entity, id: r.record_id }] : [],
        },
      ]),
    );
  },
};
