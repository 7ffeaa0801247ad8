import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { JobDefinition } from "../jobs/queue.js";
import type { BlobStore } from "./blob-core.js";
import { tryLockBlob } from "./blob-db.js";
import { blobReferences } from "./blob-refs.js";

export const FILES_GC_JOB = "files.gc";
const DAY_MS = 24 * 60 * 60 * 1000;

export interface GcOptions {
  /** A blob stored or stored again more recently than this is kept (covers uploads still committing). */
  graceMs?: number;
  /** Blobs looked at per transaction. */
  batchSize?: number;
  /** Stop after this many batches (a huge backlog is worked off over several nights). */
  maxBatches?: number;
}

export interface GcResult {
  blobsDeleted: number;
  strayBlobsDeleted: number;
  tempRemoved: number;
}

/** `not exists` over every registered column holding blob hashes, for `file_blobs` aliased `b`. */
function unreferenced() {
  const refs = blobReferences();
  if (refs.length === 0) return sql<boolean>`true`;
  return sql.join(
    refs.map(
      (r) =>
        sql`not exists (select 1 from ${sql.table(r.table)} x where ${sql.ref(`x.${r.column}`)} = b.sha256)`,
    ),
    sql` and `,
  );
}

/**
 * Deletes blobs nothing references: `file_blobs` rows no registered column names and not touched within the
 * grace period (row and bytes, in small batches, each blob under its advisory lock so a concurrent store of the
 * same bytes waits or is skipped), then bytes in the store no row knows (a write whose transaction rolled
 * back), then temp files of dead writes.
 */
export async function collectGarbage(
  db: Database,
  store: BlobStore,
  opts: GcOptions = {},
): Promise<GcResult> {
  const graceMs = opts.graceMs ?? DAY_MS;
  const batchSize = opts.batchSize ?? 100;
  const maxBatches = opts.maxBatches ?? 1000;
  const cutoff = new Date(Date.now() - graceMs);
  const result: GcResult = { blobsDeleted: 0, strayBlobsDeleted: 0, tempRemoved: 0 };
  let after = "";
  for (let batch = 0; batch < maxBatches; batch++) {
    const candidates = await sql<{ sha256: string }>`
      select b.sha256 from file_blobs b
      where b.sha256 > ${after} and b.touched_at < ${cutoff} and ${unreferenced()}
      order by b.sha256 limit ${batchSize}`.execute(db);
    if (candidates.rows.length === 0) break;
    after = candidates.rows.at(-1)?.sha256 ?? after;
    await db.transaction().execute(async (trx) => {
      for (const { sha256 } of candidates.rows) {
        if (!(await tryLockBlob(trx, sha256))) continue;
        // Re-checked under the lock: a store of the same bytes may have touched or referenced it since.
        const still = await sql<{ sha256: string }>`
          select b.sha256 from file_blobs b
          where b.sha256 = ${sha256} and b.touched_at < ${cutoff} and ${unreferenced()}`.execute(trx);
        if (still.rows.length === 0) continue;
        await store.delete(sha256);
        await trx.deleteFrom("file_blobs").where("sha256", "=", sha256).execute();
        result.blobsDeleted++;
      }
    });
  }
  result.strayBlobsDeleted = await sweepStray(db, store, cutoff);
  result.tempRemoved = await store.sweepTemp(graceMs);
  return result;
}

async function sweepStray(db: Database, store: BlobStore, cutoff: Date): Promise<number> {
  let deleted = 0;
  for await (const blob of store.list()) {
    if (blob.modifiedAt >= cutoff) continue;
    await db.transaction().execute(async (trx) => {
      if (!(await tryLockBlob(trx, blob.sha256))) return;
      const known = await trx
        .selectFrom("file_blobs")
        .select("sha256")
        .where("sha256", "=", blob.sha256)
        .executeTakeFirst();
      if (known) return;
      await store.delete(blob.sha256);
      deleted++;
    });
  }
  return deleted;
}

export function filesGcJob(
  db: Database,
  store: BlobStore,
  before?: () => Promise<Record<string, number>>,
): JobDefinition {
  return {
    name: FILES_GC_JOB,
    schedule: { cron: "15 3 * * *" },
    retryLimit: 2,
    expireInSeconds: 3600,
    handler: async (_jobs, { log }) => {
      const purged = (await before?.()) ?? {};
      const details = { ...purged, ...(await collectGarbage(db, store)) };
      await db
        .insertInto("maintenance_runs")
        .values({ job: FILES_GC_JOB, details: JSON.stringify(details) })
        .execute();
      log.info(details, "file store garbage collected");
    },
  };
}
