import { type RawBuilder, type SqlBool, sql } from "kysely";
import { type Actor, hasAdminPermission } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import { entityCatalog } from "../../platform/records/catalog.js";

/** Mailboxes whose mail the actor reads in full: their own personal ones and shared ones granted to their team. */
export function mailboxAccess(actor: Actor, mailboxIdColumn: string): RawBuilder<SqlBool> {
  const team = actor.teamId
    ? sql`or (mb.kind = 'shared' and exists (
        select 1 from mailbox_grants g where g.mailbox_id = mb.id and g.team_id = ${actor.teamId}))`
    : sql``;
  return sql<SqlBool>`exists (
    select 1 from mailboxes mb where mb.id = ${sql.ref(mailboxIdColumn)} and mb.deleted_at is null
      and (mb.owner_id = ${actor.userId} ${team}))`;
}

/** Whether the actor may read a record the thread is linked to (every linkable entity, from the catalogue). */
export function linkedRecordAccess(actor: Actor, threadIdColumn: string): RawBuilder<SqlBool> {
  const parts = entityCatalog()
    .with("linkable")
    .filter((d) => d.ownerColumn)
    .map((d) => {
      const notDeleted = d.softDeleteColumn ? sql`and ${sql.ref(`r.${d.softDeleteColumn}`)} is null` : sql``;
      return sql`(l.entity = ${d.name} and exists (
        select 1 from ${sql.table(d.table)} r where r.id = l.record_id ${notDeleted}
          and ${ownerScope(actor, d.name, "read", `r.${d.ownerColumn}`)}))`;
    });
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`exists (
    select 1 from mail_thread_links l where l.thread_id = ${sql.ref(threadIdColumn)} and l.unlinked_at is null
      and (${sql.join(parts, sql` or `)}))`;
}

/**
 * A thread is visible to its mailbox's owner and grantees and to those who may read a record it is linked to.
 * `alias` names the `mail_threads` row.
 */
export function threadVisibility(actor: Actor, alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${mailboxAccess(actor, `${alias}.mailbox_id`)} or ${linkedRecordAccess(actor, `${alias}.id`)})`;
}

/**
 * Full content (bodies, attachments) of a visible thread: mailbox access, or a thread not marked private. A
 * private thread shows others only its subject and participants.
 */
export function threadFullAccess(actor: Actor, alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${mailboxAccess(actor, `${alias}.mailbox_id`)} or not ${sql.ref(`${alias}.is_private`)})`;
}

/** Mailboxes the actor may manage: their own personal ones; shared ones with settings.manage. */
export function canManageMailbox(actor: Actor, mb: { kind: string; owner_id: string | null }): boolean {
  if (mb.kind === "personal") return mb.owner_id === actor.userId;
  return hasAdminPermission(actor, "settings.manage");
}
