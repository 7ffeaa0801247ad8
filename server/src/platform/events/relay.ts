import { sql } from "kysely";
import pg from "pg";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import type { AutomationOrigin } from "../http/request-scope.js";
import { changeEventCatalogue } from "./catalogue.js";
import { type ChangeConsumer, checkSelectors, ensureCursor, selectorFilter } from "./consumer.js";

const SEQUENCE_BATCH = 5000;
const CONSUME_BATCH = 500;
/** Held by the one sequencer at a time (any constant unique within the app). */
const SEQUENCER_LOCK = 4242003;
/** Safety net only (a notification lost while the listener reconnects); the feed runs on LISTEN/NOTIFY. */
const FALLBACK_POLL_MS = 10_000;
const WRITTEN = "change_events";
const SEQUENCED = "change_events_sequenced";

/** Runs `fn` now, or once more right after the run in progress. */
class Kicker {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly fn: () => Promise<void>,
    private readonly isStopped: () => boolean,
  ) {}

  kick(): void {
    if (this.isStopped()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.fn().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  later(ms: number): void {
    if (this.timer || this.isStopped()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, ms);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

/**
 * The change feed of one worker. Writers' inserts NOTIFY `change_events`; the sequencer (one at a time across
 * all workers, under an advisory lock) gives committed events their `position` in commit order and NOTIFYs
 * `change_events_sequenced`; every worker's consumers then read their next batch after their cursor
 * (`change_consumers`, locked while a batch runs, so each consumer runs in one worker at a time) and move it in
 * the handler's transaction. No polling except a slow safety net.
 */
export class OutboxRelay {
  private listener: pg.Client | null = null;
  private fallback: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly sequencer: Kicker;
  private readonly runners = new Map<
    string,
    { consumer: ChangeConsumer; kicker: Kicker; failures: number }
  >();

  constructor(
    private readonly db: Database,
    private readonly url: string,
    private readonly log: Logger,
    consumers: readonly ChangeConsumer<never>[] = [],
  ) {
    this.sequencer = new Kicker(
      () => this.sequenceAll().catch((err) => this.log.error({ err }, "sequencing change events failed")),
      () => this.stopped,
    );
    for (const c of consumers as ChangeConsumer[]) {
      if (this.runners.has(c.name)) throw new Error(`Change consumer ${c.name} is defined twice`);
      const runner = { consumer: c, failures: 0, kicker: null as unknown as Kicker };
      runner.kicker = new Kicker(
        () => this.consumeAll(runner),
        () => this.stopped,
      );
      this.runners.set(c.name, runner);
    }
  }

  get consumerNames(): string[] {
    return [...this.runners.keys()];
  }

  /** Checks the consumers' selectors against the catalogue and registers their cursors (at the head). */
  async prepare(): Promise<void> {
    const catalogue = changeEventCatalogue();
    for (const { consumer } of this.runners.values()) {
      checkSelectors(consumer, catalogue);
      await ensureCursor(this.db, consumer.name);
    }
  }

  async start(): Promise<void> {
    await this.prepare();
    await this.listen();
    this.fallback = setInterval(() => this.kickAll(), FALLBACK_POLL_MS);
    this.kickAll();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: "tandem-outbox" });
    client.on("error", (err) => {
      this.log.warn({ err }, "change feed listener lost its connection; reconnecting");
      this.listener = null;
      client.end().catch(() => {});
      setTimeout(() => {
        if (!this.stopped)
          this.listen().then(
            () => this.kickAll(),
            () => {},
          );
      }, 1000);
    });
    client.on("notification", (n) => {
      if (n.channel === WRITTEN) this.sequencer.kick();
      else this.kickConsumers();
    });
    await client.connect();
    await client.query(`LISTEN ${WRITTEN}; LISTEN ${SEQUENCED}`);
    this.listener = client;
  }

  private kickAll(): void {
    this.sequencer.kick();
    this.kickConsumers();
  }

  private kickConsumers(): void {
    for (const r of this.runners.values()) r.kicker.kick();
  }

  private async sequenceAll(): Promise<void> {
    let n = 0;
    do {
      n = await this.dispatchOnce();
    } while (n === SEQUENCE_BATCH && !this.stopped);
  }

  /**
   * Gives the next committed events their positions, in `id` order. Returns how many. The advisory lock makes
   * sequencers take turns, so positions are committed in increasing order: a reader that sees position P sees
   * every position below it.
   */
  async dispatchOnce(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK})`.execute(trx);
      const rows = await trx
        .selectFrom("change_events")
        .select("id")
        .where("dispatched_at", "is", null)
        .orderBy("id")
        .limit(SEQUENCE_BATCH)
        .execute();
      if (rows.length === 0) return 0;
      // One nextval per row, in row order, so positions follow ids.
      const positions = await sql<{ p: string }>`
        select nextval('change_events_position_seq')::text as p from generate_series(1, ${rows.length})`.execute(
        trx,
      );
      await sql`
        update change_events c set position = u.position, dispatched_at = now()
        from unnest(${rows.map((r) => r.id)}::bigint[], ${positions.rows.map((r) => r.p)}::bigint[]) as u(id, position)
        where c.id = u.id`.execute(trx);
      await sql`select pg_notify(${SEQUENCED}, '')`.execute(trx);
      return rows.length;
    });
  }

  private async consumeAll(runner: { consumer: ChangeConsumer; kicker: Kicker; failures: number }) {
    try {
      while (!this.stopped && (await this.consumeOnce(runner.consumer.name)).more) {}
      runner.failures = 0;
    } catch (err) {
      runner.failures += 1;
      const delay = Math.min(60_000, 250 * 2 ** Math.min(runner.failures, 8));
      this.log.error({ err, consumer: runner.consumer.name, retryInMs: delay }, "change consumer failed");
      await this.db
        .updateTable("change_consumers")
        .set({ failures: sql`failures + 1`, last_error: String(err).slice(0, 2000), updated_at: new Date() })
        .where("name", "=", runner.consumer.name)
        .execute()
        .catch(() => {});
      runner.kicker.later(delay);
    }
  }

  /**
   * Hands the consumer its next batch after its cursor and moves the cursor, in one transaction. The cursor
   * moves to the head seen at the start when the batch ends before it (events the consumer does not take are
   * passed over), else to the batch's last event.
   */
  async consumeOnce(name: string): Promise<{ handled: number; more: boolean }> {
    const runner = this.runners.get(name);
    if (!runner) throw new Error(`No change consumer ${name}`);
    const { consumer } = runner;
    const limit = consumer.batchSize ?? CONSUME_BATCH;
    return this.db.transaction().execute(async (trx) => {
      const cursor = await trx
        .selectFrom("change_consumers")
        .select("position")
        .where("name", "=", name)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const head = await sql<{ p: string | null }>`select max(position)::text as p from change_events`
        .execute(trx)
        .then((r) => r.rows[0]?.p ?? "0");
      if (BigInt(head) <= BigInt(cursor.position)) return { handled: 0, more: false };
      const filter = selectorFilter(consumer.events);
      let q = trx
        .selectFrom("change_events")
        .selectAll()
        .where("position", ">", cursor.position)
        .where("position", "<=", head);
      if (filter) q = q.where(filter);
      const rows = await q.orderBy("position").limit(limit).execute();
      if (rows.length > 0) {
        await consumer.handle(
          rows.map((r) => ({
            id: r.id,
            position: String(r.position),
            entity: r.entity,
            entityId: r.entity_id,
            action: r.action,
            changes: r.changes as Record<string, unknown>,
            actorId: r.actor_id,
            requestId: r.request_id,
            ip: r.ip,
            userAgent: r.user_agent,
            occurredAt: r.occurred_at.toISOString(),
            automation: (r.automation as AutomationOrigin | null) ?? null,
          })),
          { trx, log: this.log.child({ consumer: name }) },
        );
      }
      const next = rows.length === limit ? String(rows.at(-1)?.position) : head;
      await trx
        .updateTable("change_consumers")
        .set({ position: next, failures: 0, last_error: null, updated_at: new Date() })
        .where("name", "=", name)
        .execute();
      return { handled: rows.length, more: BigInt(next) < BigInt(head) };
    });
  }

  /** Tests: sequences everything pending and runs one consumer (or all) until it has caught up. */
  async drain(name?: string): Promise<number> {
    while ((await this.dispatchOnce()) > 0) {}
    let handled = 0;
    for (const n of name ? [name] : this.consumerNames) {
      for (;;) {
        const r = await this.consumeOnce(n);
        handled += r.handled;
        if (!r.more) break;
      }
    }
    return handled;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.fallback) clearInterval(this.fallback);
    await this.sequencer.stop();
    await Promise.all([...this.runners.values()].map((r) => r.kicker.stop()));
    await this.listener?.end().catch(() => {});
  }
}
