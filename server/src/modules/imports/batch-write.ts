import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { recordChange } from "../../platform/events/outbox.js";
import { ensureTags } from "../tags/module.js";
import type { ImportJob } from "./import-job.js";
import { insertProblems, type RowProblem } from "./problems.js";
import type { SourceRow } from "./sources/rows.js";
import { type CreateRow, insertRecords, type UpdateRow, updateRecords } from "./writer.js";

/** A prepared batch: what to create and update, and what to report. */
export interface PreparedBatch {
  rows: SourceRow[];
  creates: CreateRow[];
  updates: UpdateRow[];
  problems: RowProblem[];
  invalidRows: number;
}

/**
 * Writes one batch in one transaction: the created and updated records with their journal, one `import` change
 * event, the progress counters, the error report's rows and the batch's row range (what a retried run skips).
 */
export async function writeBatch(
  db: Database,
  actor: Actor,
  job: ImportJob,
  batch: PreparedBatch,
  opts: { deferSearch?: boolean | undefined },
): Promise<void> {
  const { rows, creates, updates, problems, invalidRows } = batch;
  await db.transaction().execute(async (trx) => {
    await ensureTags(
      trx,
      [...new Set([...creates, ...updates].flatMap((r) => (r.set.tags as string[]) ?? []))],
      actor.userId,
    );
    const defer = opts.deferSearch ?? false;
    const created = await insertRecords(trx, job.entity, job.id, actor.userId, creates, defer);
    const updated = await updateRecords(trx, job.entity, job.id, updates, defer);
    await recordChange(
      trx,
      { actorId: actor.userId },
      {
        entity: job.entity,
        entityId: job.id,
        action: "import",
        changes: {
          importId: job.id,
          created,
          updated,
          firstRow: rows[0]?.rowNumber,
          lastRow: rows.at(-1)?.rowNumber,
        },
      },
    );
    await trx
      .updateTable("imports")
      .set({
        processed: sql`processed + ${rows.length}`,
        created: sql`created + ${created.length}`,
        updated: sql`updated + ${updated.length}`,
        skipped: sql`skipped + ${rows.length - invalidRows - created.length - updated.length}`,
        failed: sql`failed + ${invalidRows}`,
      })
      .where("id", "=", job.id)
      .execute();
    if (problems.length) await insertProblems(trx, job.id, problems);
    await trx
      .insertInto("import_batches")
      .values({
        import_id: job.id,
        first_row: rows[0]?.rowNumber ?? 0,
        last_row: rows.at(-1)?.rowNumber ?? 0,
      })
      .execute();
  });
}
