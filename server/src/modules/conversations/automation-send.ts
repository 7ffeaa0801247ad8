import type { Kysely, Transaction } from "kysely";
import type { Actor, RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { readableFile } from "../files/module.js";
import { sendableMailbox } from "./repository.js";
import { newConversationBody } from "./schemas.js";
import { type DescribeRecordFile, startConversation } from "./send-service.js";

/** Whether the actor may send from the mailbox (own, or granted to their team). */
export async function maySendFrom(db: Kysely<DB> | Transaction<DB>, actor: Actor, mailboxId: string) {
  return Boolean(await sendableMailbox(db, actor, mailboxId));
}

/**
 * A new letter from a user's mailbox for background senders (automation rules): the same path as the compose
 * screen — a `queued` message with its Message-ID, a thread linked to the records, the send job — in the
 * caller's transaction, so it is queued exactly when the caller commits. `fileIds`: files of the files store
 * sent with it, each readable by the sender (else 422 `file_not_found`).
 */
export async function sendFromMailbox(
  trx: Transaction<DB>,
  ctx: RequestContext,
  jobs: JobQueue,
  input: {
    mailboxId: string;
    to: { address: string; name?: string | null }[];
    subject: string;
    html: string;
    links: { entity: string; id: string }[];
    fileIds?: string[];
  },
) {
  const body = newConversationBody.parse({
    mailboxId: input.mailboxId,
    to: input.to.map((r) => ({ address: r.address, ...(r.name ? { name: r.name } : {}) })),
    subject: input.subject,
    html: input.html,
    links: input.links,
    attachments: (input.fileIds ?? []).map((fileId) => ({ fileId })),
  });
  const describeRecordFile: DescribeRecordFile = async (db, c, fileId) => {
    const file = await readableFile(db, c, fileId);
    return file
      ? {
          fileId: file.id,
          name: file.name,
          contentType: file.contentType,
          size: file.size,
          sha256: file.sha256,
        }
      : null;
  };
  return startConversation(trx, ctx, { jobs, describeRecordFile }, body);
}
