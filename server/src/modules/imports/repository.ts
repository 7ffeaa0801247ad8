import type { Kysely, Selectable, Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { requireAnyScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { NotFoundError } from "../../platform/errors.js";
import type { ImportsTable } from "./tables.js";

export type ImportRow = Selectable<ImportsTable>;
type Db = Kysely<DB> | Transaction<DB>;

/** An import is visible to the user who started it only. */
export async function findImport(db: Db, actor: Actor, id: string, forUpdate = false): Promise<ImportRow> {
  let q = db.selectFrom("imports").selectAll().where("id", "=", id).where("created_by", "=", actor.userId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError("Import");
  requireAnyScope(actor, row.entity, "import");
  return row;
}

/** Whether a row was already committed by an earlier attempt of the run: it lies in a committed batch. */
export async function committedRows(db: Db, importId: string): Promise<(rowNumber: number) => boolean> {
  const ranges = await db
    .selectFrom("import_batches")
    .select(["first_row", "last_row"])
    .where("import_id", "=", importId)
    .orderBy("first_row")
    .execute();
  return (n) => {
    let [lo, hi] = [0, ranges.length - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid] as { first_row: number; last_row: number };
      if (n < r.first_row) hi = mid - 1;
      else if (n > r.last_row) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/**
 * Whether the mapping/options may still change and a dry run may start: before the run, also after a dry run
 * that failed (the user fixes the mapping and checks again). A failed *run* has `started_at` and stays final.
 */
export function isConfigurable(imp: Pick<ImportRow, "status" | "started_at" | "updated_at">): boolean {
  return (
    imp.status === "uploaded" ||
    imp.status === "validated" ||
    (imp.status === "failed" && imp.started_at === null) ||
    isStaleCheck(imp)
  );
}

/** A dry run reports progress after every batch (seconds apart); one silent this long has died with its worker. */
export const STALE_CHECK_MS = 10 * 60_000;

/** A `validating` import whose dry run stopped reporting: it may be configured, checked again or deleted. */
export function isStaleCheck(imp: Pick<ImportRow, "status" | "updated_at">, now = Date.now()): boolean {
  return imp.status === "validating" && now - imp.updated_at.getTime() > STALE_CHECK_MS;
}
