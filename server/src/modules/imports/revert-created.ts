import { sql, type Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { entityDefinition } from "../../platform/access/entities.js";
import type { DB } from "../../platform/db/schema.js";
import { recordChange } from "../../platform/events/outbox.js";
import { creatingTarget } from "./declared.js";

/**
 * Part of an import's revert: soft-deletes the records the import created for a reference column naming none
 * (a contacts file's Company column; journaled in `import_created_records` — records that existed before are never in
 * it), with an `<entity>.import.revert` change event per 5,000.
 */
export async function revertCreatedReferences(
  trx: Transaction<DB>,
  ctx: RequestContext,
  entity: string,
  importId: string,
): Promise<string[]> {
  const target = creatingTarget(entity);
  if (!target) return [];
  const table = sql.table(entityDefinition(target.ref)?.table ?? target.ref);
  const deleted = await sql<{ id: string }>`update ${table} as c set deleted_at = now()
    from import_created_records ic
    where ic.import_id = ${importId} and ic.record_id = c.id and c.deleted_at is null
    returning c.id`.execute(trx);
  const ids = deleted.rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 5000) {
    await recordChange(
      trx,
      { actorId: ctx.actor.userId, requestId: ctx.requestId },
      {
        entity: target.ref,
        entityId: importId,
        action: "import.revert",
        changes: { importId, deleted: ids.slice(i, i + 5000), restored: [] },
      },
    );
  }
  return ids;
}
