import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../platform/db/database.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { DRY_RUN_JOB } from "./dry-run.js";
import { RECOVER_JOB, recoverJob, recoverLost } from "./heartbeat.js";
import { runImport } from "./job.js";
import { LEASE_KEY } from "./lease.js";
import { IMPORT_JOB } from "./service.js";
import { dryRun, upload } from "./test-helpers.js";

/**
 * A database whose batch transactions (from the third on) wait for `release` or fail: a worker frozen, or
 * killed, in the middle of a run.
 */
function interrupted(db: Database, mode: "fail" | "hold") {
  let count = 0;
  let release = () => {};
  const released = new Promise<void>((r) => {
    release = r;
  });
  let reached = () => {};
  const atThird = new Promise<void>((r) => {
    reached = r;
  });
  const proxy = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== "transaction") return typeof value === "function" ? value.bind(target) : value;
      return () => {
        const builder = target.transaction();
        return {
          execute: async <T>(fn: Parameters<typeof builder.execute<T>>[0]) => {
            count++;
            if (count >= 3) {
              reached();
              if (mode === "fail") throw new Error("worker killed");
              await released;
            }
            return builder.execute(fn);
          },
        };
      };
    },
  });
  return { db: proxy, release, atThird };
}

describe("import run heartbeat, takeover and cancel", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  const csvOf = (tag: string, n: number) =>
    [
      "Name;Email",
      ...Array.from({ length: n }, (_, i) => `${tag} ${i + 1};${tag}-${i + 1}@example.com`),
    ].join("\n");
  async function prepared(tag: string, n: number) {
    const imp = (await upload(t.app, admin, "contacts", csvOf(tag, n))).json();
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/v1/imports/${imp.id}/mapping`,
      headers: admin,
      payload: { mapping: { "0": "name", "1": "email" }, options: {} },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await dryRun(t, admin, imp.id)).statusCode).toBe(200);
    const run = await t.app.inject({ method: "POST", url: `/api/v1/imports/${imp.id}/run`, headers: admin });
    expect(run.statusCode, run.body).toBe(202);
    return imp.id as string;
  }
  const live = async (tag: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from contacts
        where name like ${`${tag} %`} and deleted_at is null`.execute(t.db)
    ).rows[0]?.n;
  const status = async (id: string) =>
    (await t.app.inject({ method: "GET", url: `/api/v1/imports/${id}`, headers: admin })).json();
  const ageHeartbeat = (id: string) =>
    t.db
      .updateTable("imports")
      .set({ heartbeat_at: sql`now() - interval '31 seconds'` })
      .where("id", "=", id)
      .execute();
  const queued = async (name: string, id: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from pgboss.job
        where name = ${name} and data->>'importId' = ${id} and state = 'created'`.execute(t.db)
    ).rows[0]?.n ?? 0;

  it("a run whose worker lives is left alone; once that worker is gone it is taken over at once and resumed", async () => {
    const id = await prepared("Killed", 23);
    const crash = interrupted(t.db, "fail");
    await expect(runImport(crash.db, id, { batchRows: 5 })).rejects.toThrow("worker killed");
    const cut = await status(id);
    expect(cut.status).toBe("running");
    const written = await live("Killed");
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(23);

    // Its worker still lives (holds the run's lease on its session): another worker picking the job up must not
    // run it twice at once, and the recovery job leaves it alone — even when its heartbeat lags.
    let holderGone = () => {};
    const gone = new Promise<void>((r) => {
      holderGone = r;
    });
    let held = () => {};
    const holding = new Promise<void>((r) => {
      held = r;
    });
    const holder = t.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${LEASE_KEY}::int, hashtext(${id}::text))`.execute(conn);
      held();
      await gone;
      await sql`select pg_advisory_unlock(${LEASE_KEY}::int, hashtext(${id}::text))`.execute(conn);
    });
    await holding;
    let before = 0;
    try {
      await runImport(t.db, id, { batchRows: 5 });
      expect(await live("Killed")).toBe(written);
      before = await queued(IMPORT_JOB, id);
      await ageHeartbeat(id);
      await recoverJob(t.db, t.jobs, { run: IMPORT_JOB, dryRun: DRY_RUN_JOB }).handler([], {} as never);
      expect(await queued(IMPORT_JOB, id)).toBe(before);
    } finally {
      holderGone();
    }

    // The worker's session ends (kill -9): the lease is free, so the recovery (run at every start-up too) queues
    // the run at once, its heartbeat fresh, and it resumes after the committed rows.
    await t.db.updateTable("imports").set({ heartbeat_at: sql`now()` }).where("id", "=", id).execute();
    await holder;
    await recoverLost(t.db, t.jobs, { run: IMPORT_JOB, dryRun: DRY_RUN_JOB });
    expect(await queued(IMPORT_JOB, id)).toBe(before + 1);
    await runImport(t.db, id, { batchRows: 5 });
    expect(await status(id)).toMatchObject({ status: "completed", progress: { processed: 23, created: 23 } });
    expect(await live("Killed")).toBe(23);
  });

  it("its owner can cancel a running import (revert): it stops, and nothing of the file stays", async () => {
    const id = await prepared("Cancelled", 23);
    const frozen = interrupted(t.db, "hold");
    const running = runImport(frozen.db, id, { batchRows: 5 });
    await frozen.atThird;
    expect((await status(id)).status).toBe("running");
    const revert = await t.app.inject({
      method: "POST",
      url: `/api/v1/imports/${id}/revert`,
      headers: admin,
    });
    expect(revert.statusCode, revert.body).toBe(200);
    frozen.release();
    await running;
    expect((await status(id)).status).toBe("reverted");
    expect(await live("Cancelled")).toBe(0);
    // A late attempt of the run (a retried job) finds nothing to do.
    await runImport(t.db, id, { batchRows: 5 });
    expect(await live("Cancelled")).toBe(0);
  });

  it("the recovery job restarts a dry run whose worker died, not one still queued", async () => {
    const imp = (await upload(t.app, admin, "contacts", csvOf("Checked", 3))).json();
    await t.app.inject({
      method: "PUT",
      url: `/api/v1/imports/${imp.id}/mapping`,
      headers: admin,
      payload: { mapping: { "0": "name", "1": "email" }, options: {} },
    });
    const started = await t.app.inject({
      method: "POST",
      url: `/api/v1/imports/${imp.id}/dry-run`,
      headers: admin,
    });
    expect(started.statusCode).toBe(202);
    const before = await queued(DRY_RUN_JOB, imp.id);
    const recover = recoverJob(t.db, t.jobs, { run: IMPORT_JOB, dryRun: DRY_RUN_JOB });
    await recover.handler([], {} as never);
    expect(await queued(DRY_RUN_JOB, imp.id)).toBe(before);
    // Claimed by a worker that then died: the heartbeat goes stale.
    await t.db
      .updateTable("imports")
      .set({ run_id: crypto.randomUUID(), heartbeat_at: sql`now() - interval '31 seconds'` })
      .where("id", "=", imp.id)
      .execute();
    await recover.handler([], {} as never);
    expect(await queued(DRY_RUN_JOB, imp.id)).toBe(before + 1);
    expect(recover.name).toBe(RECOVER_JOB);
    expect(recover.schedule?.cron).toBe("* * * * *");
  });
});
