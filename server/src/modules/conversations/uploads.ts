import type { Readable } from "node:stream";
import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { NotFoundError } from "../../platform/errors.js";
import { type BlobStore, putBlob } from "../../platform/files/blobs.js";
import type { Db } from "./repository.js";
import { findThread } from "./repository.js";
import type { AttachableFile } from "./send-service.js";

/**
 * A file from the computer for a letter: streamed into the blob store (size limit, type sniffed — the
 * client's type is never used) and remembered for its uploader only, who may then attach it by id.
 */
export async function storeUpload(
  trx: Transaction<DB>,
  ctx: RequestContext,
  store: BlobStore,
  source: Readable,
  name: string,
  limitBytes: number,
) {
  const blob = await putBlob(trx, store, source, { limitBytes, name });
  const row = await trx
    .insertInto("mail_uploads")
    .values({
      user_id: ctx.actor.userId,
      name,
      content_type: blob.contentType,
      size_bytes: blob.size,
      blob_sha256: blob.sha256,
    })
    .returning(["id", "name", "size_bytes", "content_type"])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, size: Number(row.size_bytes), contentType: row.content_type };
}

export async function ownUpload(db: Db, userId: string, id: string): Promise<AttachableFile | null> {
  const row = await db
    .selectFrom("mail_uploads")
    .selectAll()
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row
    ? {
        fileId: null,
        name: row.name,
        contentType: row.content_type,
        size: Number(row.size_bytes),
        sha256: row.blob_sha256,
      }
    : null;
}

/** An attachment of a thread whose bodies the caller may read (404 otherwise, also for a restricted thread). */
export async function findAttachment(db: Db, ctx: RequestContext, threadId: string, attachmentId: string) {
  const t = await findThread(db, ctx.actor, threadId);
  if (!t?.bodies) throw new NotFoundError("Attachment");
  // Served with the type sniffed when the blob was stored, never the one the sender claimed.
  const row = await db
    .selectFrom("mail_attachments as a")
    .innerJoin("mail_messages as m", "m.id", "a.message_id")
    .innerJoin("file_blobs as b", "b.sha256", "a.sha256")
    .select(["a.filename", "a.sha256", "b.size", "b.kind", "b.content_type"])
    .where("a.id", "=", attachmentId)
    .where("m.thread_id", "=", threadId)
    .executeTakeFirst();
  if (!row?.sha256) throw new NotFoundError("Attachment");
  return {
    sha256: row.sha256,
    name: row.filename || "attachment",
    contentType: row.content_type,
    kind: row.kind,
    size: Number(row.size),
  };
}
