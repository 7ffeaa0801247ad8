import { sql } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { BadRequestError, NotFoundError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import { decodeCursor, encodeCursor } from "../../platform/http/schemas.js";
import { assertReadableLinks, isLinkable, LinkNotFoundError } from "../../platform/records/links.js";
import { addThreadLinks } from "./linking.js";
import { domainOf } from "./public-domains.js";
import { mailboxAccess, threadVisibility } from "./visibility.js";

async function visibleThread(db: Database, ctx: RequestContext, threadId: string) {
  const t = await sql<{ id: string; mailbox_id: string }>`
    select t.id, t.mailbox_id from mail_threads t
    where t.id = ${threadId} and ${threadVisibility(ctx.actor, "t")}`.execute(db);
  const row = t.rows[0];
  if (!row) throw new NotFoundError("Conversation");
  return row;
}

export async function listThreadLinks(db: Database, ctx: RequestContext, threadId: string) {
  await visibleThread(db, ctx, threadId);
  const rows = await db
    .selectFrom("mail_thread_links")
    .select(["entity", "record_id", "source", "linked_by", "created_at"])
    .where("thread_id", "=", threadId)
    .where("unlinked_at", "is", null)
    .orderBy("entity")
    .orderBy("created_at")
    .execute();
  return {
    items: rows.map((r) => ({
      entity: r.entity,
      recordId: r.record_id,
      source: r.source,
      linkedBy: r.linked_by,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

/** Links a conversation to a record the user may read ("link once": later replies join the thread and stay linked). */
export async function linkThreadToRecord(
  db: Database,
  ctx: RequestContext,
  threadId: string,
  link: { entity: string; recordId: string },
) {
  const thread = await visibleThread(db, ctx, threadId);
  const l = { entity: link.entity, id: link.recordId };
  if (!isLinkable(link.entity)) throw new LinkNotFoundError("body.entity", l);
  await assertReadableLinks(db, ctx.actor, [l], "body.recordId");
  await db.transaction().execute(async (trx) => {
    const revived = await sql`
      update mail_thread_links set unlinked_at = null, source = 'user', linked_by = ${ctx.actor.userId}
      where thread_id = ${threadId} and entity = ${link.entity} and record_id = ${link.recordId}
        and unlinked_at is not null`.execute(trx);
    if (Number(revived.numAffectedRows ?? 0) > 0) {
      await recordChange(trx, { actorId: ctx.actor.userId, requestId: ctx.requestId }, {
        entity: "mailThreads",
        entityId: threadId,
        action: "link",
        changes: {
          mailboxId: thread.mailbox_id,
          entity: link.entity,
          recordId: link.recordId,
          source: "user",
        },
      } as never);
      return;
    }
    await addThreadLinks(trx, threadId, [l], "user", ctx.actor.userId, thread.mailbox_id);
  });
  return listThreadLinks(db, ctx, threadId);
}

/** Removes a link; automatic linking will not add it back. */
export async function unlinkThreadFromRecord(
  db: Database,
  ctx: RequestContext,
  threadId: string,
  entity: string,
  recordId: string,
) {
  const thread = await visibleThread(db, ctx, threadId);
  await db.transaction().execute(async (trx) => {
    const r = await sql`
      update mail_thread_links set unlinked_at = now()
      where thread_id = ${threadId} and entity = ${entity} and record_id = ${recordId} and unlinked_at is null`.execute(
      trx,
    );
    if (Number(r.numAffectedRows ?? 0) === 0) throw new NotFoundError("Link");
    await recordChange(trx, { actorId: ctx.actor.userId, requestId: ctx.requestId }, {
      entity: "mailThreads",
      entityId: threadId,
      action: "unlink",
      changes: { mailboxId: thread.mailbox_id, entity, recordId, source: "user" },
    } as never);
  });
}

/** "Not in CRM": correspondents of the caller's mailboxes no contact has, most recent first (keyset). */
export async function listUnknownSenders(
  db: Database,
  ctx: RequestContext,
  q: { mailboxId?: string | undefined; limit: number; cursor?: string | undefined },
) {
  let after = sql`true`;
  if (q.cursor) {
    const [at, addr, mb] = decodeCursor(q.cursor, 3);
    if (
      typeof at !== "string" ||
      typeof addr !== "string" ||
      typeof mb !== "string" ||
      Number.isNaN(Date.parse(at))
    ) {
      throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
    }
    after = sql`(u.last_seen_at, u.address, u.mailbox_id) < (${at}::timestamptz, ${addr}, ${mb}::uuid)`;
  }
  const rows = await sql<{
    mailbox_id: string;
    address: string;
    name: string | null;
    first_seen_at: Date;
    last_seen_at: Date;
    message_count: number;
    last_thread_id: string | null;
  }>`
    select u.* from mail_unknown_addresses u
    where u.dismissed_at is null and ${mailboxAccess(ctx.actor, "u.mailbox_id")}
      ${q.mailboxId ? sql`and u.mailbox_id = ${q.mailboxId}` : sql``}
      and ${after}
      and not exists (select 1 from contacts c where c.deleted_at is null and c.email_values @> array[u.address])
    order by u.last_seen_at desc, u.address desc, u.mailbox_id desc
    limit ${q.limit + 1}`.execute(db);
  const page = rows.rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      mailboxId: r.mailbox_id,
      address: r.address,
      name: r.name,
      domain: domainOf(r.address),
      firstSeenAt: new Date(r.first_seen_at).toISOString(),
      lastSeenAt: new Date(r.last_seen_at).toISOString(),
      messageCount: r.message_count,
      lastThreadId: r.last_thread_id,
    })),
    nextCursor:
      rows.rows.length > q.limit && last
        ? encodeCursor([new Date(last.last_seen_at).toISOString(), last.address, last.mailbox_id])
        : null,
  };
}

export async function dismissUnknownSender(
  db: Database,
  ctx: RequestContext,
  mailboxId: string,
  address: string,
) {
  const r = await sql`
    update mail_unknown_addresses u set dismissed_at = now()
    where u.mailbox_id = ${mailboxId} and u.address = ${address.toLowerCase()}
      and ${mailboxAccess(ctx.actor, "u.mailbox_id")}`.execute(db);
  if (Number(r.numAffectedRows ?? 0) === 0) throw new NotFoundError("Sender");
}
