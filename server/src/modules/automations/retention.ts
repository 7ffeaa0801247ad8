import { type Kysely, sql, type Transaction } from "kysely";
import { z } from "zod";
import type { RequestContext } from "../../platform/access/actor.js";
import { saveAppSetting } from "../../platform/audit/app-setting.js";
import type { DB } from "../../platform/db/schema.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";

type Db = Kysely<DB> | Transaction<DB>;

export const PRUNE_JOB = "automations.prune";
const KEY = "automations.retention";
/** Rows per DELETE: small batches keep locks and WAL bursts short. */
export const PRUNE_BATCH = 1000;

export const retentionSchema = z
  .strictObject({
    days: z.number().int().min(1).max(3650).describe("Failed runs (and every run's log) are kept this long."),
    successDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .describe("Successful, stopped and cancelled runs: sooner."),
  })
  .meta({ id: "AutomationRetention" });
export type Retention = z.infer<typeof retentionSchema>;
export const DEFAULT_RETENTION: Retention = { days: 30, successDays: 7 };

export async function getRetention(db: Db): Promise<Retention> {
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", KEY).executeTakeFirst();
  const parsed = retentionSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_RETENTION;
}

export async function setRetention(
  trx: Transaction<DB>,
  ctx: RequestContext,
  next: Retention,
): Promise<Retention> {
  const before = await getRetention(trx);
  return saveAppSetting(trx, ctx, {
    key: KEY,
    action: "settings.automation_retention_changed",
    before,
    after: next,
  });
}

/** Size of the run log on disk (tables + indexes + TOAST) and its row count estimate. */
export async function runLogSize(db: Db): Promise<{ bytes: number; runs: number; steps: number }> {
  const r = await sql<{ bytes: string; runs: string; steps: string }>`select
      (pg_total_relation_size('automation_runs') + pg_total_relation_size('automation_run_steps'))::text as bytes,
      (select count(*) from automation_runs)::text as runs,
      (select reltuples::bigint from pg_class where relname = 'automation_run_steps')::text as steps`.execute(
    db,
  );
  const row = r.rows[0];
  return {
    bytes: Number(row?.bytes ?? 0),
    runs: Number(row?.runs ?? 0),
    steps: Math.max(0, Number(row?.steps ?? 0)),
  };
}

/** Deletes finished runs (their steps cascade) past retention, in batches; returns how many went. */
export async function pruneRuns(db: Kysely<DB>, now = new Date(), maxBatches = 1000): Promise<number> {
  const r = await getRetention(db);
  const failedBefore = new Date(now.getTime() - r.days * 86_400_000);
  const okBefore = new Date(now.getTime() - r.successDays * 86_400_000);
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const res = await sql`delete from automation_runs where id in (
        select id from automation_runs
        where finished_at is not null
          and (finished_at < ${failedBefore} or (status <> 'failed' and finished_at < ${okBefore}))
        limit ${PRUNE_BATCH})`.execute(db);
    const n = Number(res.numAffectedRows ?? 0);
    total += n;
    if (n < PRUNE_BATCH) break;
  }
  return total;
}

export function pruneJob(deps: AppDeps): JobDefinition {
  return {
    name: PRUNE_JOB,
    schedule: { cron: "40 3 * * *" },
    expireInSeconds: 3600,
    handler: async (_jobs, { log }) => {
      const n = await pruneRuns(deps.db);
      log.info({ pruned: n }, "automation runs pruned");
    },
  };
}
