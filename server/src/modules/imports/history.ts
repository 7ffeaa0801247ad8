import type { Kysely, Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError } from "../../platform/errors.js";
import { deleteFile } from "../../platform/files/storage.js";
import { newestFirstAfter, newestFirstPage } from "../../platform/http/schemas.js";
import { findImport, type ImportRow, isStaleCheck } from "./repository.js";

type Db = Kysely<DB> | Transaction<DB>;

/** The caller's own imports, newest first, keyset-paged on (created_at, id). */
export async function listImports(
  db: Db,
  ctx: RequestContext,
  q: { limit: number; cursor?: string | undefined; entity?: string | undefined },
): Promise<{ items: ImportRow[]; nextCursor: string | null }> {
  let query = db
    .selectFrom("imports")
    .selectAll()
    .where("created_by", "=", ctx.actor.userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(q.limit + 1);
  if (q.entity) query = query.where("entity", "=", q.entity);
  if (q.cursor) query = query.where(newestFirstAfter(q.cursor));
  return newestFirstPage(await query.execute(), q.limit);
}

const BUSY = new Set(["validating", "queued", "running", "reverting"]);

/**
 * Discards an import that is not being processed: its row, journal and error report go, and so does the
 * uploaded file. Records it created stay (revert them first to remove them).
 */
export async function discardImport(trx: Transaction<DB>, ctx: RequestContext, id: string): Promise<void> {
  const imp = await findImport(trx, ctx.actor, id, true);
  if (BUSY.has(imp.status) && !isStaleCheck(imp)) {
    throw new ConflictError("import_running", "This import is running; wait until it has finished.");
  }
  await trx.deleteFrom("imports").where("id", "=", imp.id).execute();
  await deleteFile(trx, imp.file_id);
}
