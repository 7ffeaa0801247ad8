import type { Transaction } from "kysely";
import type { z } from "zod";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { assertReadableLinks, parseLinkedFilter, type RecordLink } from "../../platform/records/links.js";
import { isActiveUser } from "../../platform/records/users.js";
import { listThreads } from "./inbox-repository.js";
import { presentMessage, presentSummary } from "./present.js";
import {
  type Db,
  findThread,
  lastSendStatus,
  markRead,
  markUnread,
  threadLinks,
  threadMessages,
} from "./repository.js";
import type { ConversationListQuery, conversationPatch } from "./schemas.js";

type Trx = Transaction<DB>;

export async function listConversations(db: Db, ctx: RequestContext, q: ConversationListQuery) {
  let record: RecordLink | null = null;
  if (q.record) {
    record = parseLinkedFilter(q.record);
    if (!record) throw ValidationError.field("querystring.record", "Use <entity>:<id>.", "invalid_link");
    await assertReadableLinks(db, ctx.actor, [record], "querystring.record").catch(() => {
      throw new NotFoundError("Record");
    });
  }
  const page = await listThreads(db, ctx.actor, q, record);
  const ids = page.rows.map((r) => r.id);
  const [links, statuses] = await Promise.all([threadLinks(db, ids), lastSendStatus(db, ids)]);
  return {
    items: page.rows.map((t) => presentSummary(t, links.get(t.id) ?? [], statuses.get(t.id) ?? null)),
    nextCursor: page.nextCursor,
  };
}

/** A thread with its messages (none when the owner marked it private and the caller sees it via a record). */
export async function getConversation(db: Db, ctx: RequestContext, id: string) {
  const t = await findThread(db, ctx.actor, id);
  if (!t) throw new NotFoundError("Conversation");
  const [links, statuses, content] = await Promise.all([
    threadLinks(db, [id]),
    lastSendStatus(db, [id]),
    t.bodies ? threadMessages(db, id) : Promise.resolve({ messages: [], attachments: new Map() }),
  ]);
  return {
    ...presentSummary(t, links.get(id) ?? [], statuses.get(id) ?? null),
    messages: content.messages.map((m) => presentMessage(id, m, content.attachments.get(m.id) ?? [])),
  };
}

export async function patchConversation(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof conversationPatch>,
) {
  const t = await findThread(trx, ctx.actor, id, { forUpdate: true });
  if (!t) throw new NotFoundError("Conversation");
  if (patch.read === true) await markRead(trx, ctx.actor.userId, id, t.last_message_at);
  if (patch.read === false) await markUnread(trx, ctx.actor.userId, id);
  if (patch.assignedTo !== undefined || patch.private !== undefined) {
    if (!t.full) {
      throw new ForbiddenError(
        "mailbox_access_required",
        "Only users of the thread's mailbox may change it.",
      );
    }
  }
  if (patch.assignedTo !== undefined && patch.assignedTo !== t.assignee_id) {
    if (patch.assignedTo !== null && !(await isActiveUser(trx, patch.assignedTo))) {
      throw ValidationError.field("body.assignedTo", "No active user has this id.", "invalid_user");
    }
    await trx
      .updateTable("mail_threads")
      .set({ assignee_id: patch.assignedTo })
      .where("id", "=", id)
      .execute();
  }
  if (patch.private !== undefined && patch.private !== t.is_private) {
    const owner = await trx
      .selectFrom("mailboxes")
      .select(["owner_id", "kind"])
      .where("id", "=", t.mailbox_id)
      .executeTakeFirstOrThrow();
    // A personal mailbox's threads are its owner's to hide; a shared mailbox's, any of its users'.
    if (owner.kind === "personal" && owner.owner_id !== ctx.actor.userId) {
      throw new ForbiddenError(
        "mailbox_owner_only",
        "Only the mailbox's owner may mark its threads private.",
      );
    }
    await trx
      .updateTable("mail_threads")
      .set({ is_private: patch.private, private_by: patch.private ? ctx.actor.userId : null })
      .where("id", "=", id)
      .execute();
  }
  return getConversation(trx, ctx, id);
}
