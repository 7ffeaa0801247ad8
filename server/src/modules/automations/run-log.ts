import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { BadRequestError } from "../../platform/errors.js";
import { decodeCursor, newestFirstPage } from "../../platform/http/schemas.js";
import type { RunResponse } from "./response-schemas.js";

type Db = Kysely<DB> | Transaction<DB>;

/** Runs newest first with their step log (a rule's runs, or the runs on one record for its timeline). */
export async function listRuns(
  db: Db,
  where: { ruleId: string } | { entity: string; recordId: string },
  q: { limit: number; cursor?: string | undefined; status?: string | undefined },
): Promise<{ items: RunResponse[]; nextCursor: string | null }> {
  let query = db
    .selectFrom("automation_runs as a")
    .innerJoin("automation_rule_versions as v", "v.id", "a.version_id")
    .select([
      "a.id",
      "a.rule_id",
      "v.version",
      "a.entity",
      "a.record_id",
      "a.status",
      "a.reason",
      "a.error",
      "a.depth",
      "a.wake_at",
      "a.created_at",
      "a.finished_at",
    ]);
  if ("ruleId" in where) query = query.where("a.rule_id", "=", where.ruleId);
  else query = query.where("a.entity", "=", where.entity).where("a.record_id", "=", where.recordId);
  if (q.status) query = query.where("a.status", "=", q.status);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, 2);
    if (
      typeof at !== "string" ||
      typeof id !== "string" ||
      Number.isNaN(Date.parse(at)) ||
      !/^[0-9a-f-]{36}$/i.test(id)
    ) {
      throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
    }
    query = query.where(sql<boolean>`(a.created_at, a.id) < (${new Date(at)}, ${id}::uuid)`);
  }
  const rows = await query
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(q.limit + 1)
    .execute();
  const page = newestFirstPage(rows, q.limit);
  const ids = page.items.map((r) => r.id);
  const steps =
    ids.length === 0
      ? []
      : await db
          .selectFrom("automation_run_steps")
          .selectAll()
          .where("run_id", "in", ids)
          .orderBy("run_id")
          .orderBy("id")
          .execute();
  const byRun = new Map<string, typeof steps>();
  for (const s of steps) byRun.set(s.run_id, [...(byRun.get(s.run_id) ?? []), s]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      ruleId: r.rule_id,
      version: r.version,
      entity: r.entity,
      recordId: r.record_id,
      status: r.status as RunResponse["status"],
      reason: r.reason,
      error: r.error,
      depth: r.depth,
      wakeAt: r.wake_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      steps: (byRun.get(r.id) ?? []).map((s) => ({
        stepId: s.step_id,
        stepType: s.step_type,
        status: s.status,
        input: s.input ?? null,
        output: s.output ?? null,
        error: s.error,
        attempt: s.attempt,
        startedAt: s.started_at.toISOString(),
        finishedAt: s.finished_at.toISOString(),
      })),
    })),
  };
}
