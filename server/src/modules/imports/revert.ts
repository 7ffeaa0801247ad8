import { sql } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { writeAudit } from "../../platform/audit/audit.js";
import type { Database } from "../../platform/db/database.js";
import { ConflictError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import { declaredImport, tableOf } from "./declared.js";
import type { ImportEntity } from "./fields.js";
import { findImport, type ImportRow } from "./repository.js";
import { revertCreatedReferences } from "./revert-created.js";

/**
 * Undoes a finished import in one transaction: soft-deletes the records it created (and those it created for a
 * reference column naming none, a contacts file's companies) and puts back the journaled previous values of the records it updated.
 */
export async function revertImport(db: Database, ctx: RequestContext, id: string): Promise<ImportRow> {
  return db.transaction().execute(async (trx) => {
    const imp = await findImport(trx, ctx.actor, id, true);
    // A running import may be reverted too (its owner's way to cancel it): the lock above waited for the
    // batches in flight, and every later batch of the run sees the import is no longer running and stops.
    if (imp.status !== "completed" && imp.status !== "failed" && imp.status !== "running") {
      throw new ConflictError("import_not_revertible", "Only a running or finished import can be reverted.");
    }
    const entity = imp.entity as ImportEntity;
    const table = tableOf(entity);
    const deleted = await sql<{ id: string }>`update ${table} as t set deleted_at = now()
      from import_rows ir
      where ir.import_id = ${id} and ir.action = 'created' and ir.record_id = t.id and t.deleted_at is null
      returning t.id`.execute(trx);
    const assignments = sql.join(
      (declaredImport(entity)?.writable ?? []).map(
        (c) =>
          sql`${sql.ref(c)} = case when ir.before ? ${c} then (jsonb_populate_record(null::${table}, ir.before)).${sql.ref(c)} else t.${sql.ref(c)} end`,
      ),
    );
    const restored = await sql<{ id: string }>`update ${table} as t set ${assignments}
      from import_rows ir
      where ir.import_id = ${id} and ir.action = 'updated' and ir.record_id = t.id
      returning t.id`.execute(trx);
    const createdIds = deleted.rows.map((r) => r.id);
    await revertCreatedReferences(trx, ctx, entity, id);
    const updatedIds = restored.rows.map((r) => r.id);
    for (let i = 0; i < Math.max(createdIds.length, updatedIds.length, 1); i += 5000) {
      await recordChange(
        trx,
        { actorId: ctx.actor.userId, requestId: ctx.requestId },
        {
          entity,
          entityId: id,
          action: "import.revert",
          changes: {
            importId: id,
            deleted: createdIds.slice(i, i + 5000),
            restored: updatedIds.slice(i, i + 5000),
          },
        },
      );
    }
    await writeAudit(trx, {
      action: "import.reverted",
      actorId: ctx.actor.userId,
      entity,
      details: { importId: id, deleted: createdIds.length, restored: updatedIds.length },
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      requestId: ctx.requestId,
    });
    return trx
      .updateTable("imports")
      .set({ status: "reverted", reverted_at: new Date() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
