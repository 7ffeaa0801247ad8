import type { Kysely, Transaction } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope, scopeShape } from "../../platform/access/scope.js";
import { bindNamed, CompiledStatements, marker } from "../../platform/db/compiled.js";
import type { DB } from "../../platform/db/schema.js";
import type { ListPlan } from "../../platform/query/list.js";
import { scopedList } from "../../platform/query/scoped-list.js";
import {
  CONTACT_PRESENTED_COLUMNS,
  type ContactRow,
  type Membership,
  type PresentedContactRow,
} from "./present.js";

type Trx = Transaction<DB>;
/** Reads: the pool or a transaction (`lock` only inside one). */
type Db = Kysely<DB> | Transaction<DB>;

/** `findContact`'s statements, compiled once per scope kind and options (platform/db/compiled.ts). */
const findContactStatements = new CompiledStatements<ContactRow>();

export async function findContact(
  trx: Db,
  actor: Actor,
  id: string,
  opts: { deleted?: boolean; lock?: boolean } = {},
): Promise<ContactRow | undefined> {
  const shape = scopeShape(actor, "contacts", "read");
  const deleted = opts.deleted ?? false;
  const lock = opts.lock ?? false;
  const build = () => {
    const q = trx
      .selectFrom("contacts as c")
      .selectAll("c")
      .where("c.id", "=", marker("id"))
      .where("c.deleted_at", deleted ? "is not" : "is", null)
      .where(ownerScope(shape.template, "contacts", "read", "c.owner_id"));
    return lock ? q.forUpdate() : q;
  };
  return findContactStatements.takeFirst(trx, `${shape.key}:${deleted}:${lock}`, build, [
    bindNamed({ id }),
    shape.bind,
  ]);
}

/**
 * The record GET's statement, built and compiled once per scope kind (platform/db/compiled.ts): the contact's
 * presented columns and its memberships, bound to the id and the actor's ids per call.
 */
const contactWithMemberships = new CompiledStatements<
  PresentedContactRow & { memberships_json: Membership[] }
>();

function buildContactWithMemberships(db: Db, template: Actor) {
  return db
    .selectFrom("contacts as c")
    .select(CONTACT_PRESENTED_COLUMNS.map((col) => `c.${col}` as const))
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom("contact_companies as cc")
          .innerJoin("companies as co", "co.id", "cc.company_id")
          .select(["cc.company_id as companyId", "co.name", "cc.role", "cc.is_primary as isPrimary"])
          .whereRef("cc.contact_id", "=", "c.id")
          .where("co.deleted_at", "is", null)
          .orderBy("cc.is_primary", "desc")
          .orderBy("co.name"),
      ).as("memberships_json"),
    )
    .where("c.id", "=", marker("id"))
    .where("c.deleted_at", "is", null)
    .where(ownerScope(template, "contacts", "read", "c.owner_id"));
}

/**
 * A contact with its company memberships (as `loadMemberships` orders them) in one statement: the record GET
 * makes one round trip and takes one pool connection instead of two.
 */
export async function findContactWithMemberships(
  db: Db,
  actor: Actor,
  id: string,
): Promise<{ row: PresentedContactRow; companies: Membership[] } | undefined> {
  const shape = scopeShape(actor, "contacts", "read");
  const found = await contactWithMemberships.takeFirst(
    db,
    shape.key,
    () => buildContactWithMemberships(db, shape.template),
    [bindNamed({ id }), shape.bind],
  );
  if (!found) return undefined;
  const { memberships_json, ...row } = found;
  return { row, companies: memberships_json };
}

export async function listContacts(
  trx: Db,
  actor: Actor,
  plan: ListPlan,
  opts: { deleted: boolean; withTotal: boolean; companyId?: string | undefined },
) {
  let base = trx
    .selectFrom("contacts as c")
    .where("c.deleted_at", opts.deleted ? "is not" : "is", null)
    .where(plan.where);
  if (opts.companyId) {
    const companyId = opts.companyId;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom("contact_companies as cc")
          .select("cc.contact_id")
          .whereRef("cc.contact_id", "=", "c.id")
          .where("cc.company_id", "=", companyId),
      ),
    );
  }
  // Scope by owner ids: a merge of per-owner index walks where the sort allows (`scopedList`).
  const { rows, total } = await scopedList(trx, base, (q) => q.selectAll("c").select(plan.cursorColumn), {
    actor,
    entity: "contacts",
    alias: "c",
    ownerColumn: "owner_id",
    plan,
    deleted: opts.deleted,
    withTotal: opts.withTotal,
  });
  return { ...plan.page(rows), total };
}

/** Replaces a contact's memberships with the given list. */
export async function replaceMemberships(
  trx: Trx,
  contactId: string,
  list: Array<{ companyId: string; role?: string | null | undefined; isPrimary?: boolean | undefined }>,
): Promise<void> {
  await trx.deleteFrom("contact_companies").where("contact_id", "=", contactId).execute();
  if (list.length === 0) return;
  const seen = new Set<string>();
  const unique = list.filter((m) => !seen.has(m.companyId) && seen.add(m.companyId));
  await trx
    .insertInto("contact_companies")
    .values(
      unique.map((m, i) => ({
        contact_id: contactId,
        company_id: m.companyId,
        role: m.role ?? null,
        is_primary: m.isPrimary ?? i === 0,
      })),
    )
    .execute();
}
