import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { fuzzyFilter } from "../../platform/records/search-backlog.js";
import type { SmsMessagesTable, SmsProvidersTable } from "./tables.js";

export type Db = Kysely<DB> | Transaction<DB>;
export type ProviderRow = Selectable<SmsProvidersTable>;
export type MessageRow = Selectable<SmsMessagesTable>;

export async function listProviders(db: Db): Promise<ProviderRow[]> {
  return db.selectFrom("sms_providers").selectAll().where("deleted_at", "is", null).orderBy("name").execute();
}

export async function findProvider(db: Db, id: string, lock = false): Promise<ProviderRow | null> {
  let q = db.selectFrom("sms_providers").selectAll().where("id", "=", id).where("deleted_at", "is", null);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export async function defaultProvider(db: Db): Promise<ProviderRow | null> {
  return (
    (await db
      .selectFrom("sms_providers")
      .selectAll()
      .where("deleted_at", "is", null)
      .where("is_active", "=", true)
      .orderBy("is_default", "desc")
      .orderBy("created_at")
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

export async function clearDefault(db: Db, exceptId: string): Promise<void> {
  await db.updateTable("sms_providers").set({ is_default: false }).where("id", "!=", exceptId).execute();
}

export async function findMessage(db: Db, id: string, lock = false): Promise<MessageRow | null> {
  let q = db.selectFrom("sms_messages").selectAll().where("id", "=", id);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export async function findByProviderId(db: Db, providerId: string, providerMessageId: string) {
  return (
    (await db
      .selectFrom("sms_messages")
      .selectAll()
      .where("provider_id", "=", providerId)
      .where("provider_message_id", "=", providerMessageId)
      .forUpdate()
      .executeTakeFirst()) ?? null
  );
}

/** Sent messages still waiting for a final status (polled), oldest first, at most 3 days old. */
export async function awaitingStatus(db: Db, limit: number): Promise<MessageRow[]> {
  return db
    .selectFrom("sms_messages")
    .selectAll()
    .where("status", "=", "sent")
    .where("provider_message_id", "is not", null)
    .where("status_at", "<", sql<Date>`now() - interval '1 minute'`)
    .where("created_at", ">", sql<Date>`now() - interval '3 days'`)
    .orderBy("status_at")
    .limit(limit)
    .execute();
}

export interface ContactForSms {
  id: string;
  owner_id: string;
  phones: unknown;
  consent: unknown;
  language: string | null;
}

export async function contactForSms(db: Db, id: string): Promise<ContactForSms | null> {
  return (
    (await db
      .selectFrom("contacts")
      .select(["id", "owner_id", "phones", "consent", "language"])
      .where("id", "=", id)
      .where("deleted_at", "is", null)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Contacts whose phone digits contain `digits` (the contacts' trigram-indexed `phone_digits`: all numbers'
 * digits, space separated), exact number matches checked by the caller.
 */
export async function contactsByPhoneDigits(db: Db, digits: string): Promise<ContactForSms[]> {
  return db
    .selectFrom("contacts")
    .select(["id", "owner_id", "phones", "consent", "language"])
    .where("deleted_at", "is", null)
    .where(fuzzyFilter("contacts", sql`phone_digits like ${`%${digits}%`}`))
    .orderBy("updated_at", "desc")
    .limit(20)
    .execute();
}

export async function contactMessages(db: Db, contactId: string, limit: number): Promise<MessageRow[]> {
  return db
    .selectFrom("sms_messages")
    .selectAll()
    .where("contact_id", "=", contactId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}
