import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import type { StoredContact } from "./columns.js";

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Contacts the actor can read, by email (lowercased): one GIN probe per email on `email_values` (`offset 0`
 * keeps it a pure index lookup, see imports' duplicate lookup); the oldest wins.
 */
export async function findContactsByEmail(
  db: Db,
  actor: Actor,
  emails: string[],
): Promise<Map<string, { id: string | null }>> {
  const rows = await db
    .selectFrom("contacts as c")
    .select(["c.id", "c.email_values"])
    .where("c.deleted_at", "is", null)
    .where(ownerScope(actor, "contacts", "read", "c.owner_id"))
    .where(
      sql<boolean>`c.id in (select r.id from (select distinct unnest(${emails}::text[])) as k(key)
        cross join lateral (
          select r.id, r.deleted_at from contacts r where r.email_values @> array[k.key] offset 0
        ) as r
        where r.deleted_at is null)`,
    )
    .orderBy("c.created_at")
    .execute();
  return new Map(emails.map((e) => [e, { id: rows.find((r) => r.email_values.includes(e))?.id ?? null }]));
}

/** The stored name parts and consent of contacts (what an update derives its name and consent against). */
export async function storedNameAndConsent(db: Db, ids: string[]): Promise<Map<string, StoredContact>> {
  const rows = await db
    .selectFrom("contacts")
    .select(["id", "first_name", "middle_name", "last_name", "consent"])
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Links imported contacts to the company their row named (`_company_id`) as their primary company. */
export async function linkImportedContacts(
  trx: Transaction<DB>,
  rows: { id: string; set: Record<string, unknown> }[],
): Promise<void> {
  const links = rows
    .filter((r) => typeof r.set._company_id === "string")
    .map((r) => ({ contact_id: r.id, company_id: r.set._company_id }));
  if (links.length === 0) return;
  await sql`insert into contact_companies (contact_id, company_id, is_primary)
    select l.contact_id, l.company_id, true
    from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as l(contact_id uuid, company_id uuid)
    on conflict do nothing`.execute(trx);
}
