import { Readable } from "node:stream";
import type { Kysely, Transaction } from "kysely";
import type { Actor, RequestContext } from "../../platform/access/actor.js";
import type { Config } from "../../platform/config/config.js";
import type { DB } from "../../platform/db/schema.js";
import { blobStore } from "../../platform/files/blobs.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { readableFile } from "../files/module.js";
import { sendableMailbox } from "./repository.js";
import { newConversationBody } from "./schemas.js";
import { type DescribeRecordFile, startConversation } from "./send-service.js";
import { storeUpload } from "./uploads.js";

/** Whether the actor may send from the mailbox (own, or granted to their team). */
export async function maySendFrom(db: Kysely<DB> | Transaction<DB>, actor: Actor, mailboxId: string) {
  return Boolean(await sendableMailbox(db, actor, mailboxId));
}

/**
 * A new letter from a user's mailbox for background senders (automation rules): the same path as the compose
 * screen — a `queued` message with its Message-ID, a thread linked to the records, the send job — in the
 * caller's transaction, so it is queued exactly when the caller commits. `fileIds`: files of the files store
 * sent with it, each readable by the sender (else 422 `file_not_found`); `documents`: bytes made for this letter
 * (a generated PDF), kept as the sender's uploads (blob store, size limit, type sniffed) like the composer's.
 */
export async function sendFromMailbox(
  trx: Transaction<DB>,
  ctx: RequestContext,
  deps: { jobs: JobQueue; config: Config },
  input: {
    mailboxId: string;
    to: { address: string; name?: string | null }[];
    subject: string;
    html: string;
    links: { entity: string; id: string }[];
    fileIds?: string[];
    documents?: { name: string; bytes: Buffer }[];
  },
) {
  const uploads: { uploadId: string }[] = [];
  for (const d of input.documents ?? []) {
    const store = blobStore(deps.config);
    const u = await storeUpload(
      trx,
      ctx,
      store,
      Readable.from([d.bytes]),
      d.name,
      deps.config.FILES_LIMIT_BYTES,
    );
    uploads.push({ uploadId: u.id });
  }
  const body = newConversationBody.parse({
    mailboxId: input.mailboxId,
    to: input.to.map((r) => ({ address: r.address, ...(r.name ? { name: r.name } : {}) })),
    subject: input.subject,
    html: input.html,
    links: input.links,
    attachments: [...(input.fileIds ?? []).map((fileId) => ({ fileId })), ...uploads],
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
  return startConversation(trx, ctx, { jobs: deps.jobs, describeRecordFile }, body);
}
