import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { patchRow } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import type { MessageTemplatesTable } from "./tables.js";

export type Db = Kysely<DB> | Transaction<DB>;
export type TemplateRow = Selectable<MessageTemplatesTable>;
export type Variants = Partial<Record<string, { subject?: string | null; body: string }>>;

/** Templates the actor may see: their personal ones and every shared one. */
export async function listVisible(db: Db, actor: Actor, kind?: "email" | "sms"): Promise<TemplateRow[]> {
  let q = db
    .selectFrom("message_templates")
    .selectAll()
    .where("deleted_at", "is", null)
    .where((eb) => eb.or([eb("shared", "=", true), eb("owner_id", "=", actor.userId)]));
  if (kind) q = q.where("kind", "=", kind);
  return q.orderBy("name").orderBy("id").limit(500).execute();
}

export async function findVisible(
  db: Db,
  actor: Actor,
  id: string,
  lock = false,
): Promise<TemplateRow | null> {
  let q = db
    .selectFrom("message_templates")
    .selectAll()
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .where((eb) => eb.or([eb("shared", "=", true), eb("owner_id", "=", actor.userId)]));
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export async function insertTemplate(
  db: Db,
  v: {
    kind: string;
    name: string;
    entity: string | null;
    shared: boolean;
    ownerId: string;
    defaultLanguage: string;
    variants: Variants;
  },
): Promise<TemplateRow> {
  return db
    .insertInto("message_templates")
    .values({
      kind: v.kind,
      name: v.name,
      entity: v.entity,
      shared: v.shared,
      owner_id: v.ownerId,
      default_language: v.defaultLanguage,
      variants: JSON.stringify(v.variants),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateTemplateRow(
  db: Db,
  id: string,
  v: Partial<{
    name: string;
    entity: string | null;
    shared: boolean;
    defaultLanguage: string;
    variants: Variants;
  }>,
): Promise<TemplateRow> {
  return patchRow(db, "message_templates", id, {
    ...(v.name !== undefined ? { name: v.name } : {}),
    ...(v.entity !== undefined ? { entity: v.entity } : {}),
    ...(v.shared !== undefined ? { shared: v.shared } : {}),
    ...(v.defaultLanguage !== undefined ? { default_language: v.defaultLanguage } : {}),
    ...(v.variants !== undefined ? { variants: JSON.stringify(v.variants) } : {}),
  });
}

export async function softDelete(db: Db, id: string): Promise<void> {
  await db.updateTable("message_templates").set({ deleted_at: new Date() }).where("id", "=", id).execute();
}

export interface UserRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  position: string | null;
  language: string;
  time_zone: string;
}

export async function userRow(db: Db, userId: string): Promise<UserRow | null> {
  return (
    (await db
      .selectFrom("users")
      .select(["id", "name", "email", "phone", "position", "language", "time_zone"])
      .where("id", "=", userId)
      .executeTakeFirst()) ?? null
  );
}

/**
 * The user's default e-mail signature (the conversations module's `mail_signatures`, mailbox_id null) when
 * that table exists; templates only read it.
 */
export async function defaultSignature(db: Db, userId: string): Promise<string | null> {
  const exists = await sql<{ t: string | null }>`select to_regclass('mail_signatures')::text as t`.execute(
    db,
  );
  if (!exists.rows[0]?.t) return null;
  const r = await sql<{ html: string }>`
    select html from mail_signatures where user_id = ${userId} and mailbox_id is null limit 1`.execute(db);
  return r.rows[0]?.html ?? null;
}
