import type { Readable } from "node:stream";
import type { Kysely, Transaction } from "kysely";
import type { Actor, RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { ForbiddenError, NotFoundError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { type BlobSource, type BlobStore, putBlob } from "../../platform/files/blobs.js";
import { BLOB_KINDS, type BlobKind } from "../../platform/files/sniff.js";
import { safeName } from "../../platform/files/storage.js";
import {
  findFile,
  insertFile,
  listFiles,
  type RecordFileRow,
  recordAccess,
  renameFile,
  searchFiles,
  softDeleteFile,
} from "./repository.js";

type Db = Kysely<DB> | Transaction<DB>;

export interface RecordRef {
  entity: string;
  id: string;
}

export interface RecordFile {
  id: string;
  name: string;
  kind: BlobKind;
  contentType: string;
  size: number;
  sha256: string;
  recordType: string;
  recordId: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export function presentFile(r: RecordFileRow): RecordFile {
  return {
    id: r.id,
    name: r.name,
    kind: (BLOB_KINDS as string[]).includes(r.kind) ? (r.kind as BlobKind) : "binary",
    contentType: r.content_type,
    size: Number(r.size),
    sha256: r.blob_sha256,
    recordType: r.entity,
    recordId: r.record_id,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const audit = (ctx: RequestContext) => ({ actorId: ctx.actor.userId, requestId: ctx.requestId });

/** 404 unless the actor may read the record; 403 when they may read but not edit it. */
async function assertCanEdit(db: Db, ctx: RequestContext, record: RecordRef): Promise<void> {
  const access = await recordAccess(db, ctx.actor, record.entity, record.id, "update");
  if (!access) throw new NotFoundError("Record");
  if (!access.canWrite)
    throw new ForbiddenError("permission_denied", "Your role may not change this record's files.");
}

/** A file name as shown and downloaded: no path parts, no control characters or NULs, at most 200 characters. */
export function cleanName(name: string): string {
  return safeName(name.normalize("NFC"));
}

/**
 * Streams `source` into the file store and attaches it to `record` (the actor must be allowed to edit it).
 * `db` a transaction: everything in it (the caller keeps a connection for the whole upload). `db` the pool:
 * the bytes stream with no transaction open, then one short transaction re-checks access and writes the row and
 * its event. Either way a refused or oversized file leaves no row and no blob (an abandoned blob is collected).
 */
export async function storeAttachment(
  db: Db,
  ctx: RequestContext,
  store: BlobStore,
  input: { source: BlobSource; name: string; record: RecordRef; limitBytes: number },
): Promise<RecordFile> {
  await assertCanEdit(db, ctx, input.record);
  const name = cleanName(input.name);
  const blob = await putBlob(db, store, input.source, { limitBytes: input.limitBytes, name });
  const attach = async (trx: Transaction<DB>) => {
    await assertCanEdit(trx, ctx, input.record);
    const row = await insertFile(trx, {
      entity: input.record.entity,
      recordId: input.record.id,
      sha256: blob.sha256,
      name,
      kind: blob.kind,
      contentType: blob.contentType,
      size: blob.size,
      createdBy: ctx.actor.userId,
    });
    await recordChange(trx, audit(ctx), {
      entity: "files",
      entityId: row.id,
      action: "create",
      changes: diff(
        {},
        {
          name,
          recordType: row.entity,
          recordId: row.record_id,
          size: blob.size,
          kind: blob.kind,
          sha256: blob.sha256,
        },
      ),
    });
    return presentFile(row);
  };
  return db.isTransaction ? attach(db as Transaction<DB>) : db.transaction().execute(attach);
}

/** The files of a record the actor may read (404 otherwise), newest first. */
export async function listRecordFiles(db: Db, ctx: RequestContext, record: RecordRef, limit = 200) {
  const access = await recordAccess(db, ctx.actor, record.entity, record.id, "update");
  if (!access) throw new NotFoundError("Record");
  const rows = await listFiles(db, record.entity, record.id, limit);
  return { items: rows.map(presentFile), canEdit: access.canWrite };
}

/** One file whose record the actor may read; 404 for anything else (a guessed id answers like a missing one). */
export async function getRecordFile(
  db: Db,
  ctx: RequestContext,
  id: string,
  opts: { forUpdate?: boolean } = {},
) {
  const row = await findFile(db, id, opts);
  if (!row) throw new NotFoundError("File");
  const access = await recordAccess(db, ctx.actor, row.entity, row.record_id, "update");
  if (!access) throw new NotFoundError("File");
  return { row, canEdit: access.canWrite };
}

/** A file whose record the actor may read, or null (no bytes opened). */
export async function readableFile(db: Db, ctx: RequestContext, id: string): Promise<RecordFile | null> {
  const row = await findFile(db, id);
  if (!row || !(await recordAccess(db, ctx.actor, row.entity, row.record_id, "update"))) return null;
  return presentFile(row);
}

/** Files named like `q` that every one of `actors` may read (e.g. a rule's owner and its editor), newest first. */
export async function searchReadableFiles(db: Db, actors: Actor[], input: { q: string; limit: number }) {
  return (await searchFiles(db, actors, input.q, input.limit)).map(presentFile);
}

/** A readable file and a stream of its bytes (for the download route and other modules, e.g. mail). */
export async function openAttachment(db: Db, ctx: RequestContext, store: BlobStore, id: string) {
  const { row } = await getRecordFile(db, ctx, id);
  return { file: presentFile(row), stream: (await store.get(row.blob_sha256)) as Readable };
}

export async function renameRecordFile(trx: Transaction<DB>, ctx: RequestContext, id: string, name: string) {
  const { row, canEdit } = await getRecordFile(trx, ctx, id, { forUpdate: true });
  if (!canEdit)
    throw new ForbiddenError("permission_denied", "Your role may not change this record's files.");
  const clean = cleanName(name);
  if (clean === row.name) return presentFile(row);
  const after = await renameFile(trx, id, clean);
  await recordChange(trx, audit(ctx), {
    entity: "files",
    entityId: id,
    action: "update",
    changes: diff({ name: row.name }, { name: clean }),
  });
  return presentFile(after);
}

export async function deleteRecordFile(trx: Transaction<DB>, ctx: RequestContext, id: string): Promise<void> {
  const { row, canEdit } = await getRecordFile(trx, ctx, id, { forUpdate: true });
  if (!canEdit)
    throw new ForbiddenError("permission_denied", "Your role may not change this record's files.");
  const after = await softDeleteFile(trx, id, ctx.actor.userId);
  await recordChange(trx, audit(ctx), {
    entity: "files",
    entityId: id,
    action: "delete",
    changes: {
      ...diff({ deletedAt: null }, { deletedAt: after.deleted_at?.toISOString() ?? null }),
      name: row.name,
      recordType: row.entity,
      recordId: row.record_id,
    },
  });
}
