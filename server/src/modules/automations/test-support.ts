import { sql } from "kysely";
import { expect } from "vitest";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { type EntityFactory, entityFactory } from "../../test/entity-factories.js";
import type { TestContext } from "../../test/harness.js";
import "../companies/test-factory.js";
import { drainQueue } from "../tasks/test-support.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { automationsModule } from "./module.js";
import { RUN_JOB } from "./runs.js";

export interface Fixture {
  adminId: string;
  admin: Record<string, string>;
  companyId: string;
  stages: { id: string; name: string; kind: string }[];
  stage(name: string): string;
}

export async function fixture(t: TestContext): Promise<Fixture> {
  const a = await createUser(t.db, { roleKey: "admin" });
  const admin = await tokenHeaders(t.db, a.id);
  const companyId = await (entityFactory("companies") as EntityFactory).create(t.db, a.id);
  const stages = await t.db
    .selectFrom("pipeline_stages as s")
    .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
    .select(["s.id", "s.name", "s.kind"])
    .where("p.is_default", "=", true)
    .orderBy("s.position")
    .execute();
  return {
    adminId: a.id,
    admin,
    companyId,
    stages,
    stage: (name) => stages.find((s) => s.name === name)?.id as string,
  };
}

export function runJob(t: TestContext): JobDefinition<never> {
  return (automationsModule.jobs?.(t.deps) ?? []).find((j) => j.name === RUN_JOB) as JobDefinition<never>;
}

/** Delivers pending change events to the rules and runs queued runs (and the runs they start) to the end. */
export async function settle(t: TestContext, opts: { includeDelayed?: boolean } = {}): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const events = await t.relay.drain(AUTOMATION_CONSUMER);
    const jobs = await drainQueue(t, runJob(t), opts);
    if (events === 0 && jobs === 0) return;
  }
}

export async function createRule(t: TestContext, headers: Record<string, string>, body: object) {
  return t.app.inject({ method: "POST", url: "/api/v1/automations", headers, payload: body });
}

/** Deletes a rule (so later tests' events do not run it). */
export async function deleteRule(t: TestContext, headers: Record<string, string>, ruleId: string) {
  const res = await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${ruleId}`, headers });
  expect(res.statusCode, res.body).toBe(204);
}

export async function runsOf(t: TestContext, ruleId: string) {
  return t.db
    .selectFrom("automation_runs")
    .selectAll()
    .where("rule_id", "=", ruleId)
    .orderBy("created_at")
    .execute();
}

/** Moves a waiting run's time forward: its wake-up is now (the pg-boss job too). */
export async function fastForward(t: TestContext, runId: string): Promise<void> {
  await t.db.updateTable("automation_runs").set({ wake_at: new Date() }).where("id", "=", runId).execute();
  await sql`update pgboss.job set start_after = now() where name = ${RUN_JOB} and state = 'created'
    and data->>'runId' = ${runId}`.execute(t.db);
}

/** Delivers the whole change feed again, as after a crash before the consumer's cursor moved, and settles. */
export async function redeliver(t: TestContext): Promise<void> {
  await t.db
    .updateTable("change_consumers")
    .set({ position: "0" })
    .where("name", "=", AUTOMATION_CONSUMER)
    .execute();
  await settle(t);
}

/** A "create task" step for the deal's owner, due in a business day. */
export const taskStep = (title = "Onboarding «{{record.title}}»") => ({
  id: "task",
  type: "createTask",
  title,
  assignee: { kind: "recordOwner" },
  due: { amount: 1, unit: "businessDays" },
});

/** Deals through the API as the fixture's admin, and the tasks linked to a deal. */
export function dealHelpers(t: TestContext, fx: () => Fixture) {
  const deal = async (title: string, extra: object = {}) => {
    const f = fx();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: f.admin,
      payload: { title, companyId: f.companyId, ...extra },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const move = (id: string, stageId: string) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/deals/${id}/move`,
      headers: fx().admin,
      payload: { stageId },
    });
  const tasksOf = (dealId: string) =>
    t.db
      .selectFrom("tasks as k")
      .innerJoin("task_links as l", "l.task_id", "k.id")
      .select(["k.id", "k.title", "k.owner_id", "k.due_at"])
      .where("l.record_id", "=", dealId)
      .execute();
  return { deal, move, tasksOf };
}
