import { Readable } from "node:stream";
import type { Kysely, Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { NotFoundError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import { CONTENT_TYPES, type ImageKind, sniffImage } from "../../platform/files/sniff.js";
import {
  deleteFile,
  FileTooLargeError,
  getFile,
  type StoredFile,
  storeFileIn,
  UnsupportedFileError,
} from "../../platform/files/storage.js";

/** Photos are small: 1 MiB at most (larger ones are 413 `file_too_large`). */
export const AVATAR_LIMIT_BYTES = 1024 * 1024;

/** The URL clients show; the version changes with every new photo, so caches never show an old one. */
export const avatarUrl = (userId: string, fileId: string) =>
  `/api/v1/users/${userId}/avatar?v=${fileId.slice(0, 8)}`;

/** Reads the upload into memory (it is at most 1 MiB) and decides from its bytes whether it is a photo. */
async function readImage(
  source: AsyncIterable<Buffer | string>,
): Promise<{ bytes: Buffer; kind: ImageKind }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const piece of source) {
    const buf = typeof piece === "string" ? Buffer.from(piece) : piece;
    size += buf.length;
    if (size > AVATAR_LIMIT_BYTES) throw new FileTooLargeError(AVATAR_LIMIT_BYTES);
    parts.push(buf);
  }
  const bytes = Buffer.concat(parts);
  const kind = sniffImage(bytes);
  if (!kind) throw new UnsupportedFileError("The photo must be a PNG, JPEG or WebP image.");
  return { bytes, kind };
}

async function lockUser(trx: Transaction<DB>, userId: string) {
  const user = await trx
    .selectFrom("users")
    .select(["id", "avatar_url", "avatar_file_id"])
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) throw new NotFoundError("User");
  return user;
}

/**
 * Replaces `userId`'s photo (the caller decided that the actor may: oneself, or `users.manage`). The old photo
 * is deleted in the same transaction; the change is recorded like any other profile change.
 */
export async function setAvatar(
  trx: Transaction<DB>,
  ctx: RequestContext,
  userId: string,
  source: AsyncIterable<Buffer | string>,
): Promise<string> {
  const { bytes, kind } = await readImage(source);
  const user = await lockUser(trx, userId);
  const file = await storeFileIn(trx, Readable.from([bytes]), {
    name: `avatar.${kind === "jpeg" ? "jpg" : kind}`,
    purpose: "avatar",
    createdBy: ctx.actor.userId,
    limitBytes: AVATAR_LIMIT_BYTES,
    kind,
  });
  const url = avatarUrl(userId, file.id);
  await trx
    .updateTable("users")
    .set({ avatar_file_id: file.id, avatar_url: url })
    .where("id", "=", userId)
    .execute();
  if (user.avatar_file_id) await deleteFile(trx, user.avatar_file_id);
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "users",
      entityId: userId,
      action: "update",
      changes: { avatarUrl: { before: user.avatar_url, after: url } },
    },
  );
  return url;
}

/** Removes `userId`'s photo (nothing to do when there is none). */
export async function removeAvatar(trx: Transaction<DB>, ctx: RequestContext, userId: string): Promise<void> {
  const user = await lockUser(trx, userId);
  if (!user.avatar_file_id && !user.avatar_url) return;
  await trx
    .updateTable("users")
    .set({ avatar_file_id: null, avatar_url: null })
    .where("id", "=", userId)
    .execute();
  if (user.avatar_file_id) await deleteFile(trx, user.avatar_file_id);
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "users",
      entityId: userId,
      action: "update",
      changes: { avatarUrl: { before: user.avatar_url, after: null } },
    },
  );
}

/** The stored photo of a user, or 404 when there is none. Only image kinds are ever returned. */
export async function findAvatar(db: Kysely<DB>, userId: string): Promise<StoredFile> {
  const user = await db
    .selectFrom("users")
    .select("avatar_file_id")
    .where("id", "=", userId)
    .executeTakeFirst();
  const file = user?.avatar_file_id ? await getFile(db, user.avatar_file_id) : null;
  if (!file || !(file.kind === "png" || file.kind === "jpeg" || file.kind === "webp"))
    throw new NotFoundError("Photo");
  return { ...file, contentType: CONTENT_TYPES[file.kind] };
}
