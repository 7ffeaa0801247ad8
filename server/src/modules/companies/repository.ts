import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope, scopeShape } from "../../platform/access/scope.js";
import { bindNamed, CompiledStatements, marker } from "../../platform/db/compiled.js";
import type { DB } from "../../platform/db/schema.js";
import type { ListPlan } from "../../platform/query/list.js";
import { scopedList } from "../../platform/query/scoped-list.js";
import type { CompanyRow } from "./present.js";

type Trx = Transaction<DB>;
/** Reads: the pool or a transaction (`lock` only inside one). */
type Db = Kysely<DB> | Transaction<DB>;

/** `findCompany`'s statements, compiled once per scope kind and options (platform/db/compiled.ts). */
const findCompanyStatements = new CompiledStatements<CompanyRow>();

export async function findCompany(
  trx: Db,
  actor: Actor,
  id: string,
  opts: { deleted?: boolean; lock?: boolean } = {},
): Promise<CompanyRow | undefined> {
  const shape = scopeShape(actor, "companies", "read");
  const deleted = opts.deleted ?? false;
  const lock = opts.lock ?? false;
  const build = () => {
    const q = trx
      .selectFrom("companies as c")
      .selectAll("c")
      .where("c.id", "=", marker("id"))
      .where("c.deleted_at", deleted ? "is not" : "is", null)
      .where(ownerScope(shape.template, "companies", "read", "c.owner_id"));
    return lock ? q.forUpdate() : q;
  };
  return findCompanyStatements.takeFirst(trx, `${shape.key}:${deleted}:${lock}`, build, [
    bindNamed({ id }),
    shape.bind,
  ]);
}

export async function listCompanies(
  trx: Db,
  actor: Actor,
  plan: ListPlan,
  opts: { deleted: boolean; withTotal: boolean },
) {
  const base = trx
    .selectFrom("companies as c")
    .where("c.deleted_at", opts.deleted ? "is not" : "is", null)
    .where(plan.where);
  // Scope by owner ids: a merge of per-owner index walks where the sort allows (`scopedList`).
  const { rows, total } = await scopedList(trx, base, (q) => q.selectAll("c").select(plan.cursorColumn), {
    actor,
    entity: "companies",
    alias: "c",
    ownerColumn: "owner_id",
    plan,
    deleted: opts.deleted,
    withTotal: opts.withTotal,
  });
  return { ...plan.page(rows), total };
}

/** Whether making `parentId` the parent of `id` would close a loop (walks up from the parent). */
export async function wouldCycle(trx: Trx, id: string, parentId: string): Promise<boolean> {
  if (id === parentId) return true;
  const r = await sql<{ hit: number }>`
    with recursive up(id, parent) as (
      select id, parent_company_id from companies where id = ${parentId}::uuid
      union
      select c.id, c.parent_company_id from companies c join up on c.id = up.parent
    ) select 1 as hit from up where id = ${id}::uuid limit 1`.execute(trx);
  return r.rows.length > 0;
}
