import pg from "pg";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { bossDb, type JobQueue } from "../jobs/queue.js";

export interface ChangeEventPayload {
  id: string;
  entity: string;
  entityId: string;
  action: string;
  changes: Record<string, unknown>;
  actorId: string | null;
  requestId: string | null;
  /** Client IP / user agent of the request that made the change (absent for events of older versions). */
  ip?: string | null;
  userAgent?: string | null;
  occurredAt: string;
}

export interface ChangeBatch {
  events: ChangeEventPayload[];
}

const BATCH = 500;

/**
 * Moves committed change events from the outbox table to every consumer queue (audit, notifications,
 * automations…). Runs in each worker; `FOR UPDATE SKIP LOCKED` lets several instances share the work, and the
 * enqueue + mark happen in one transaction, so an event is delivered to each consumer exactly once.
 */
export class OutboxRelay {
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  async start(intervalMs = 2000): Promise<void> {
    this.listener = new pg.Client({ connectionString: this.url, application_name: "tandem-outbox" });
    this.listener.on("error", (err) => this.log.warn({ err }, "outbox listener lost its connection"));
    await this.listener.connect();
    this.listener.on("notification", () => this.kick());
    await this.listener.query("LISTEN change_events");
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.kick();
  }

  /** Runs a dispatch now, or once more after the current one. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => this.log.error({ err }, "outbox dispatch failed"))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (await this.dispatchOnce()) === BATCH) {}
  }

  /** Dispatches one batch; returns how many events it moved. */
  async dispatchOnce(): Promise<number> {
    const consumers = this.jobs.changeConsumers;
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom("change_events")
        .selectAll()
        .where("dispatched_at", "is", null)
        .orderBy("id")
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return 0;
      const events: ChangeEventPayload[] = rows.map((r) => ({
        id: r.id,
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action,
        changes: r.changes,
        actorId: r.actor_id,
        requestId: r.request_id,
        ip: r.ip,
        userAgent: r.user_agent,
        occurredAt: r.occurred_at.toISOString(),
      }));
      if (consumers.length > 0) {
        const batch: ChangeBatch = { events };
        await this.jobs.boss.insert(
          consumers.map((name) => ({ name, data: batch })),
          { db: bossDb(trx) },
        );
      }
      await trx
        .updateTable("change_events")
        .set({ dispatched_at: new Date() })
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
      return rows.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => {});
  }
}
