import { CompiledQuery, type Kysely, type Transaction } from "kysely";
import pg from "pg";
import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { DB } from "../db/schema.js";
import { passWriteGate } from "../db/write-gate.js";

export interface JobContext {
  log: Logger;
}

export interface JobDefinition<T extends object = Record<string, unknown>> {
  /** Queue name, `domain.action` (e.g. `tasks.reminder`). */
  name: string;
  handler(jobs: PgBoss.Job<T>[], ctx: JobContext): Promise<void>;
  /** Run on a cron schedule (UTC unless tz is given). */
  schedule?: { cron: string; tz?: string; data?: object };
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  batchSize?: number;
  pollingIntervalSeconds?: number;
  /** Handler loops per process (default 1): each fetches its own batch, so slow I/O-bound batches overlap. */
  concurrency?: number;
}

export type SendOptions = PgBoss.SendOptions;

/** Advisory lock key held while creating queues (any constant unique within the app). */
const QUEUE_SETUP_LOCK = 4242002;
/** NOTIFY channel naming a queue that just got a job, so its workers fetch at once instead of at their next poll. */
const JOB_CHANNEL = "tandem_jobs";

/** Adapts a Kysely transaction to pg-boss so a job is enqueued atomically with the write that caused it. */
export function bossDb(trx: Transaction<DB> | Kysely<DB>): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const res = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: res.rows as unknown[] };
    },
  };
}

/** Durable background jobs on pg-boss, in the same PostgreSQL. */
export class JobQueue {
  readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private readonly workerIds = new Map<string, string[]>();
  private listener: pg.Client | null = null;
  private started = false;

  constructor(
    private readonly connectionString: string,
    private readonly log: Logger,
  ) {
    this.boss = new PgBoss({
      connectionString,
      max: 4,
      schema: "pgboss",
      application_name: "tandem-jobs",
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 7,
    });
    this.boss.on("error", (err) => this.log.error({ err }, "job queue error"));
  }

  define(defs: JobDefinition<never>[]): void {
    for (const d of defs) {
      if (this.definitions.has(d.name)) throw new Error(`Job ${d.name} is defined twice`);
      this.definitions.set(d.name, d);
    }
  }

  /** Creates queues and schedules; with `work`, also starts handlers in this process. */
  async start(opts: { work: boolean }): Promise<void> {
    await this.boss.start();
    this.started = true;
    await this.withSetupLock(async () => {
      for (const d of this.definitions.values()) {
        await this.boss.createQueue(d.name, {
          name: d.name,
          retryLimit: d.retryLimit ?? 5,
          retryDelay: d.retryDelay ?? 10,
          retryBackoff: d.retryBackoff ?? true,
          expireInSeconds: d.expireInSeconds ?? 15 * 60,
        });
        if (d.schedule)
          await this.boss.schedule(d.name, d.schedule.cron, d.schedule.data ?? {}, {
            tz: d.schedule.tz ?? "UTC",
          });
      }
    });
    if (!opts.work) return;
    for (const d of this.definitions.values()) {
      const log = this.log.child({ job: d.name });
      for (let i = 0; i < Math.max(1, d.concurrency ?? 1); i++) {
        const id = await this.boss.work<never>(
          d.name,
          // A NOTIFY from send/sendWith wakes the worker at once; polling finds delayed and scheduled jobs.
          { batchSize: d.batchSize ?? 1, pollingIntervalSeconds: d.pollingIntervalSeconds ?? 2 },
          async (jobs) => {
            await d.handler(jobs, { log });
          },
        );
        this.workerIds.set(d.name, [...(this.workerIds.get(d.name) ?? []), id]);
      }
    }
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: "tandem-jobs",
    });
    client.on("error", (err) => {
      this.log.warn({ err }, "job listener lost its connection; reconnecting");
      this.listener = null;
      client.end().catch(() => {});
      setTimeout(() => {
        if (this.started) this.listen().catch(() => {});
      }, 1000);
    });
    client.on("notification", (n) => {
      for (const id of this.workerIds.get(n.payload ?? "") ?? []) this.boss.notifyWorker(id);
    });
    await client.connect();
    await client.query(`LISTEN ${JOB_CHANNEL}`);
    this.listener = client;
  }

  /**
   * pg-boss's createQueue deadlocks when two processes create queues at the same time (several instances
   * starting together on a fresh database), so queue setup is serialized with a session advisory lock.
   */
  private async withSetupLock(fn: () => Promise<void>): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: "tandem-jobs",
    });
    await client.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [QUEUE_SETUP_LOCK]);
      await fn();
    } finally {
      await client.end().catch(() => {}); // ending the session releases the lock
    }
  }

  async send(name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    // pg-boss writes on its own pool, which the database's write gate does not see (write-gate.ts).
    await passWriteGate("insert");
    const id = await this.boss.send(name, data, options);
    if (!options.startAfter)
      await this.boss.getDb().executeSql("select pg_notify($1, $2)", [JOB_CHANNEL, name]);
    return id;
  }

  /** Enqueue inside the caller's transaction: the job exists only if the transaction commits. */
  async sendWith(trx: Transaction<DB> | Kysely<DB>, name: string, data: object, options: SendOptions = {}) {
    const db = bossDb(trx);
    const id = await this.boss.send(name, data, { ...options, db });
    // Delivered when the transaction commits, so the worker never wakes before the job is visible.
    if (!options.startAfter) await db.executeSql("select pg_notify($1, $2)", [JOB_CHANNEL, name]);
    return id;
  }

  /** Many jobs of one queue in the caller's transaction: one insert, one wake-up. */
  async sendManyWith(trx: Transaction<DB> | Kysely<DB>, name: string, data: object[]): Promise<void> {
    if (data.length === 0) return;
    const db = bossDb(trx);
    await this.boss.insert(
      data.map((d) => ({ name, data: d })),
      { db },
    );
    await db.executeSql("select pg_notify($1, $2)", [JOB_CHANNEL, name]);
  }

  /** Waits up to `timeoutMs` for running handlers; jobs still running then are retried by a later worker. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.listener?.end().catch(() => {});
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
  }
}
