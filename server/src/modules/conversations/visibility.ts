import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { scopeFor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { EntityDefinition } from "../../platform/records/definition.js";

/**
 * Who may read a mail thread — the one place that states it, as SQL over the alias `t` (mail_threads):
 *
 * - **mailbox access** (`full`): the mailbox's owner, a member of a team the mailbox is granted to, or the user
 *   the thread is assigned to;
 * - **through a record** (`viaRecord`): the thread is linked (and not unlinked) to a record the actor may read.
 *
 * A thread is listed when either holds. Its bodies are shown when `full` holds, or when it holds through a
 * record and the owner has not marked the thread private (then only subject and participants show).
 */
export function mailboxAccess(actor: Actor, thread = "t"): RawBuilder<SqlBool> {
  const t = sql.ref(`${thread}.mailbox_id`);
  const assignee = sql.ref(`${thread}.assignee_id`);
  const team = actor.teamId
    ? sql`or exists (select 1 from mailbox_grants g where g.mailbox_id = ${t} and g.team_id = ${actor.teamId})`
    : sql``;
  return sql<SqlBool>`(${assignee} = ${actor.userId} or exists (
    select 1 from mailboxes mb where mb.id = ${t} and mb.deleted_at is null
      and (mb.owner_id = ${actor.userId} ${team})))`;
}

/** The linkable entities (with an owner) whose records the actor may read at some scope. */
export function readableLinkEntities(actor: Actor): EntityDefinition[] {
  return entityCatalog()
    .all()
    .filter((d) => d.capabilities.linkable && d.ownerColumn && scopeFor(actor, d.name, "read") !== "none");
}

/** The actor may read at least one record the thread is linked to. */
export function linkedReadable(actor: Actor, thread = "t"): RawBuilder<SqlBool> {
  const clauses = readableLinkEntities(actor).map((d) => {
    const notDeleted = d.softDeleteColumn ? sql`and ${sql.ref(`r.${d.softDeleteColumn}`)} is null` : sql``;
    return sql`(l.entity = ${d.name} and exists (select 1 from ${sql.table(d.table)} r
        where r.id = l.record_id ${notDeleted}
          and ${ownerScope(actor, d.name, "read", `r.${d.ownerColumn as string}`)}))`;
  });
  if (clauses.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`exists (select 1 from mail_thread_links l
    where l.thread_id = ${sql.ref(`${thread}.id`)} and l.unlinked_at is null
      and (${sql.join(clauses, sql` or `)}))`;
}

/** Listed at all: mailbox access or a readable linked record. */
export function threadVisible(actor: Actor, thread = "t"): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${mailboxAccess(actor, thread)} or ${linkedReadable(actor, thread)})`;
}

/** Bodies shown: mailbox access, or a readable linked record on a thread not marked private. */
export function bodiesVisible(actor: Actor, thread = "t"): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${mailboxAccess(actor, thread)} or (not ${sql.ref(`${thread}.is_private`)} and ${linkedReadable(actor, thread)}))`;
}
