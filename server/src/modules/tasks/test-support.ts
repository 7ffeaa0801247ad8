import { sql } from "kysely";
import type PgBoss from "pg-boss";
import { registerEntity } from "../../platform/access/entities.js";
import type { Database } from "../../platform/db/database.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import type { TestContext } from "../../test/harness.js";

/**
 * A linkable record type for tests of the generic link mechanism that must not depend on the CRM modules:
 * `probe_records`, owned like every CRM record. Roles without a grant for it cannot read it.
 */
export async function createProbeEntity(db: Database): Promise<void> {
  await sql`create table if not exists probe_records (
    id uuid primary key default gen_random_uuid(),
    owner_id uuid not null references users(id),
    deleted_at timestamptz)`.execute(db);
  registerEntity("probe_records", {
    table: "probe_records",
    ownerColumn: "owner_id",
    softDeleteColumn: "deleted_at",
    linkable: true,
  });
}

export async function insertProbe(db: Database, ownerId: string): Promise<string> {
  const r = await sql<{
    id: string;
  }>`insert into probe_records (owner_id) values (${ownerId}) returning id`.execute(db);
  return r.rows[0]?.id ?? "";
}

/** Runs what is queued for `name` with the handler the module defines (tests run jobs by hand). */
export async function drainQueue(
  t: TestContext,
  def: JobDefinition<never>,
  opts: { includeDelayed?: boolean } = {},
): Promise<number> {
  if (opts.includeDelayed) {
    await sql`update pgboss.job set start_after = now() where name = ${def.name} and state = 'created'`.execute(
      t.db,
    );
  }
  let n = 0;
  for (;;) {
    const jobs = (await t.jobs.boss.fetch(def.name, { batchSize: 50 })) as PgBoss.Job<never>[];
    if (jobs.length === 0) return n;
    await def.handler(jobs, { log: silentLog });
    await t.jobs.boss.complete(
      def.name,
      jobs.map((j) => j.id),
    );
    n += jobs.length;
  }
}

/** Sequences the outbox and runs one change consumer (the harness's, by name) until it has caught up. */
export async function runConsumer(t: TestContext, consumer: { name: string }): Promise<number> {
  return t.relay.drain(consumer.name);
}

const noop = () => {};
const silentLog = {
  info: noop,
  warn: noop,
  error: noop,
  debug: noop,
  trace: noop,
  fatal: noop,
  child: () => silentLog,
} as unknown as import("pino").Logger;
