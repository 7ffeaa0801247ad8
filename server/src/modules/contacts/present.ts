import type { Kysely, Selectable, Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { presentRecord } from "../../platform/records/permissions.js";
import type { Contact } from "./schemas.js";
import type { ContactsTable } from "./tables.js";

export type ContactRow = Selectable<ContactsTable>;

/** The columns a contact's answer shows (`contactFields`, `presentRecord`'s owner); not the search columns. */
export const CONTACT_PRESENTED_COLUMNS = [
  "id",
  "name",
  "first_name",
  "last_name",
  "middle_name",
  "position",
  "phones",
  "emails",
  "messengers",
  "birthday",
  "notes",
  "preferred_channel",
  "language",
  "address",
  "source",
  "external_id",
  "consent",
  "tags",
  "owner_id",
  "custom",
  "created_by",
  "created_at",
  "updated_at",
  "version",
  "deleted_at",
] as const satisfies readonly (keyof ContactRow)[];

/** What presenting a contact reads of its row (the record GET selects these columns only). */
export type PresentedContactRow = Pick<ContactRow, (typeof CONTACT_PRESENTED_COLUMNS)[number]>;
export interface Membership {
  companyId: string;
  name: string;
  role: string | null;
  isPrimary: boolean;
}

/** Company memberships of a page of contacts in one query (no N+1). */
export async function loadMemberships(
  trx: Kysely<DB> | Transaction<DB>,
  contactIds: string[],
): Promise<Map<string, Membership[]>> {
  const out = new Map<string, Membership[]>();
  if (contactIds.length === 0) return out;
  const rows = await trx
    .selectFrom("contact_companies as cc")
    .innerJoin("companies as co", "co.id", "cc.company_id")
    .select(["cc.contact_id", "cc.company_id", "co.name", "cc.role", "cc.is_primary"])
    .where("cc.contact_id", "in", contactIds)
    .where("co.deleted_at", "is", null)
    .orderBy("cc.is_primary", "desc")
    .orderBy("co.name")
    .execute();
  for (const r of rows) {
    const list = out.get(r.contact_id) ?? [];
    list.push({ companyId: r.company_id, name: r.name, role: r.role, isPrimary: r.is_primary });
    out.set(r.contact_id, list);
  }
  return out;
}

export function contactFields(r: PresentedContactRow, companies: Membership[]) {
  return {
    id: r.id,
    name: r.name,
    firstName: r.first_name,
    lastName: r.last_name,
    middleName: r.middle_name,
    position: r.position,
    companies,
    phones: r.phones,
    emails: r.emails,
    messengers: r.messengers,
    birthday: r.birthday,
    notes: r.notes,
    preferredChannel: r.preferred_channel,
    language: r.language,
    address: r.address as Record<string, unknown> | null,
    source: r.source,
    externalId: r.external_id,
    consent: r.consent as Contact["consent"],
    tags: r.tags,
    ownerId: r.owner_id,
    custom: r.custom,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
    deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
  };
}

export function presentContact(actor: Actor, r: PresentedContactRow, companies: Membership[]): Contact {
  return presentRecord(actor, "contacts", r, contactFields(r, companies));
}

export function auditedContact(r: ContactRow, companies: Membership[]): Record<string, unknown> {
  const { createdAt, updatedAt, version, deletedAt, id, createdBy, name, ...rest } = contactFields(
    r,
    companies,
  );
  return {
    ...rest,
    companies: companies.map((c) => ({ companyId: c.companyId, role: c.role, isPrimary: c.isPrimary })),
  };
}
