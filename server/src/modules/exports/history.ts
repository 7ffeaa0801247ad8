import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, NotFoundError } from "../../platform/errors.js";
import { deleteFile } from "../../platform/files/storage.js";
import { newestFirstAfter, newestFirstPage } from "../../platform/http/schemas.js";
import type { ExportRow } from "./service.js";

/** The caller's own exports, newest first, keyset-paged on (created_at, id). */
export async function listExports(
  db: Database,
  ctx: RequestContext,
  q: { limit: number; cursor?: string | undefined },
): Promise<{ items: ExportRow[]; nextCursor: string | null }> {
  let query = db
    .selectFrom("exports")
    .selectAll()
    .where("created_by", "=", ctx.actor.userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(q.limit + 1);
  if (q.cursor) query = query.where(newestFirstAfter(q.cursor));
  return newestFirstPage(await query.execute(), q.limit);
}

/** Deletes one of the caller's exports that is not being written, with its file. */
export async function deleteExport(trx: Transaction<DB>, ctx: RequestContext, id: string): Promise<void> {
  const row = await trx
    .selectFrom("exports")
    .selectAll()
    .where("id", "=", id)
    .where("created_by", "=", ctx.actor.userId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Export");
  if (row.status === "running") {
    throw new ConflictError("export_running", "This export is being written; wait until it has finished.");
  }
  await trx.deleteFrom("exports").where("id", "=", row.id).execute();
  if (row.file_id) await deleteFile(trx, row.file_id);
}
