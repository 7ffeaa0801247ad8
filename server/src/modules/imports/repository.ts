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

/** The last row a (possibly interrupted) run committed: every processed row is journaled or reported. */
export async function lastCommittedRow(db: Db, importId: string): Promise<number> {
  const r = await db
    .selectFrom("import_rows")
    .select((eb) => eb.fn.max("row_number").as("n"))
    .where("import_id", "=", importId)
    .executeTakeFirst();
  const e = await db
    .selectFrom("import_errors")
    .select((eb) => eb.fn.max("row_number").as("n"))
    .where("import_id", "=", importId)
    .executeTakeFirst();
  return Math.max(Number(r?.n ?? 0), Number(e?.n ?? 0));
}
