import { randomBytes } from "node:crypto";
import os from "node:os";
import type { ImapFlow } from "imapflow";
import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { BlobStore } from "../../platform/files/blobs.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import type { EntityCatalog } from "../../platform/records/catalog.js";
import type { SecretBox } from "../../platform/secrets/secret-box.js";
import { BATCH_BYTES, STREAM_BYTES } from "./batch-plan.js";
import { classifyConnectionError, imapOptions, pinned } from "./connection.js";
import { ensureFolders, pickFolders, syncFolder } from "./sync.js";

export interface SyncWorkerOptions {
  db: Database;
  secrets: SecretBox;
  /** The files store attachment bytes go to. */
  blobs: BlobStore;
  /** For the "create contacts from unknown senders" rule: the entities' creators and the job queue. */
  entities: EntityCatalog;
  jobs: JobQueue;
  allow: readonly string[];
  log: {
    info(o: object, m?: string): void;
    warn(o: object, m?: string): void;
    debug(o: object, m?: string): void;
  };
  /** Lease length; renewed every third of it. */
  leaseMs?: number;
  /** How often free mailboxes are looked for. */
  scanMs?: number;
  /** Poll interval while idling (IDLE wakes earlier on new mail). */
  pollMs?: number;
  /** At most this many mailboxes synced by this process at once. */
  maxMailboxes?: number;
  batchSize?: number;
  /** Raw bytes one batch may hold (default `BATCH_BYTES`, 8 MiB). */
  batchBytes?: number;
  /** A larger message is parsed as a stream (default `STREAM_BYTES`, 2 MiB). */
  streamBytes?: number;
  /** Test hook: called after each committed batch. */
  onBatch?: (mailboxId: string) => void | Promise<void>;
}

class LeaseLost extends Error {
  constructor() {
    super("mailbox lease lost");
  }
}

const MAX_BACKOFF_MS = 60 * 60_000;
const BASE_BACKOFF_MS = 30_000;

/**
 * One sync worker per mailbox across every process: a process takes a mailbox by writing its id into
 * `mailboxes.lease_owner` with an expiry (only when free or expired), renews it while it works, and stops at
 * once when a renewal finds the lease gone. A crashed process's mailboxes are taken over after the lease
 * expires. Failures set `state = 'error'`, the error code and message, and an exponential back-off
 * (`next_attempt_at`); a failure never escapes into the process.
 */
export class MailSyncWorker {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  readonly #o: Required<Omit<SyncWorkerOptions, "onBatch">> & Pick<SyncWorkerOptions, "onBatch">;
  readonly #running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  #scanning: Promise<void> | null = null;

  constructor(o: SyncWorkerOptions) {
    this.#o = {
      leaseMs: 30_000,
      scanMs: 5_000,
      pollMs: 15_000,
      maxMailboxes: 25,
      batchSize: 100,
      batchBytes: BATCH_BYTES,
      streamBytes: STREAM_BYTES,
      ...o,
    };
  }

  start(): void {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      this.#scanning = this.scan()
        .then(() => undefined)
        .catch((err) => this.#o.log.warn({ err }, "mail sync scan failed"))
        .finally(() => {
          this.#scanning = null;
          if (!this.#stopped) this.#timer = setTimeout(tick, this.#o.scanMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#scanning;
    for (const r of this.#running.values()) r.abort.abort();
    await Promise.allSettled([...this.#running.values()].map((r) => r.done));
  }

  /** Takes free mailboxes (up to the limit) and starts their loops. */
  async scan(): Promise<string[]> {
    const taken: string[] = [];
    while (!this.#stopped && this.#running.size < this.#o.maxMailboxes) {
      const row = await sql<{ id: string }>`
        update mailboxes set lease_owner = ${this.id},
          lease_expires_at = now() + make_interval(secs => ${this.#o.leaseMs / 1000})
        where id = (
          select id from mailboxes
          where deleted_at is null and state <> 'paused'
            and (lease_expires_at is null or lease_expires_at < now())
            and (next_attempt_at is null or next_attempt_at <= now())
            and not (id = any(${[...this.#running.keys()]}::uuid[]))
          order by next_attempt_at nulls first, created_at
          limit 1 for update skip locked)
        returning id`.execute(this.#o.db);
      const id = row.rows[0]?.id;
      if (!id) break;
      taken.push(id);
      const abort = new AbortController();
      const done = this.#runMailbox(id, abort.signal).finally(() => this.#running.delete(id));
      this.#running.set(id, { abort, done });
    }
    return taken;
  }

  /** Mailboxes this process syncs now. */
  running(): string[] {
    return [...this.#running.keys()];
  }

  async #renew(id: string): Promise<boolean> {
    const r = await sql`
      update mailboxes set lease_expires_at = now() + make_interval(secs => ${this.#o.leaseMs / 1000})
      where id = ${id} and lease_owner = ${this.id} and deleted_at is null and state <> 'paused'`.execute(
      this.#o.db,
    );
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  async #runMailbox(id: string, signal: AbortSignal): Promise<void> {
    const { db, log } = this.#o;
    let lost = false;
    const renewal = setInterval(() => {
      this.#renew(id)
        .then((ok) => {
          if (!ok) {
            lost = true;
            controller.abort();
          }
        })
        .catch(() => {});
    }, this.#o.leaseMs / 3);
    const controller = new AbortController();
    signal.addEventListener("abort", () => controller.abort(), { once: true });
    let client: ImapFlow | null = null;
    try {
      const mb = await db.selectFrom("mailboxes").selectAll().where("id", "=", id).executeTakeFirst();
      if (!mb || mb.deleted_at) return;
      const address = await pinned(mb.imap_host, this.#o.allow);
      const password = this.#o.secrets.open(mb.password_sealed);
      // imapflow is loaded on first use: every process (and every server test file) imports this module.
      const { ImapFlow } = await import("imapflow");
      client = new ImapFlow(
        imapOptions(
          { host: mb.imap_host, port: mb.imap_port, tls: mb.imap_tls as never, user: mb.username, password },
          address,
        ),
      );
      client.on("error", (err: unknown) => log.debug({ err, mailbox: id }, "imap connection error"));
      await client.connect();
      const folders = await ensureFolders(db, id, pickFolders(await client.list()));
      const backfilled = folders.every((f) => f.backfill_completed_at);
      await sql`update mailboxes set state = ${backfilled ? "live" : "backfilling"}, last_error = null,
        last_error_code = null where id = ${id}`.execute(db);
      const ref = { ...mb, backfill_days: mb.backfill_days };
      const hooks = {
        signal: controller.signal,
        batchSize: this.#o.batchSize,
        batchBytes: this.#o.batchBytes,
        streamBytes: this.#o.streamBytes,
        blobs: this.#o.blobs,
        autoCreate: { entities: this.#o.entities, jobs: this.#o.jobs, log },
        assertLease: async () => {
          if (lost || !(await this.#renew(id))) {
            lost = true;
            throw new LeaseLost();
          }
          await this.#o.onBatch?.(id);
        },
      };
      const syncAll = async () => {
        for (const f of folders) {
          if (controller.signal.aborted) return;
          await syncFolder(db, client as ImapFlow, ref, f, hooks);
        }
      };
      await syncAll();
      if (controller.signal.aborted) return;
      await sql`update mailboxes set state = 'live', failures = 0, next_attempt_at = null,
        backfill_completed_at = coalesce(backfill_completed_at, now()), last_synced_at = now()
        where id = ${id} and lease_owner = ${this.id}`.execute(db);
      const inbox = folders.find((f) => f.role === "inbox");
      // Live: keep INBOX open so imapflow IDLEs; new mail ("exists") or the poll interval wakes the next pass.
      while (!controller.signal.aborted) {
        if (inbox) await client.mailboxOpen(inbox.path);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, this.#o.pollMs);
          function done() {
            clearTimeout(timer);
            client?.off("exists", done);
            client?.off("close", done);
            controller.signal.removeEventListener("abort", done);
            resolve();
          }
          client?.on("exists", done);
          client?.on("close", done);
          controller.signal.addEventListener("abort", done, { once: true });
        });
        if (controller.signal.aborted) break;
        if (!client.usable) throw Object.assign(new Error("IMAP connection closed"), { code: "ECONNRESET" });
        await syncAll();
        await sql`update mailboxes set last_synced_at = now() where id = ${id}`.execute(db);
      }
    } catch (err) {
      if (err instanceof LeaseLost || lost) {
        log.info({ mailbox: id }, "mail sync lease lost; another process continues");
      } else if (!controller.signal.aborted) {
        const code =
          (err as { code?: string }).code === "unsafe_destination"
            ? "unsafe_destination"
            : classifyConnectionError(err);
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        log.warn({ mailbox: id, code, err: message }, "mail sync failed");
        await sql`
          update mailboxes set state = 'error', last_error_code = ${code}, last_error = ${message},
            last_error_at = now(), failures = failures + 1,
            next_attempt_at = now() + make_interval(secs => least(${MAX_BACKOFF_MS / 1000},
              ${BASE_BACKOFF_MS / 1000} * power(2, least(failures, 12))))
          where id = ${id} and lease_owner = ${this.id}`
          .execute(db)
          .catch(() => {});
      }
    } finally {
      clearInterval(renewal);
      await client?.logout().catch(() => client?.close());
      await sql`update mailboxes set lease_owner = null, lease_expires_at = null
        where id = ${id} and lease_owner = ${this.id}`
        .execute(db)
        .catch(() => {});
    }
  }
}
