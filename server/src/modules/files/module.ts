import type { Kysely, Transaction } from "kysely";
import type { Actor, RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { registerBlobReference } from "../../platform/files/blob-refs.js";
import { type BlobSource, blobStore } from "../../platform/files/blobs.js";
import { filesGcJob } from "../../platform/files/gc.js";
import type { AppDeps, AppModule } from "../../platform/http/types.js";
import { fileEvents } from "./events.js";
import { purgeDeleted } from "./repository.js";
import { fileRoutes } from "./routes.js";
import * as service from "./service.js";

/** Removes rows of files deleted more than `days` ago (the nightly job; tests). */
export { purgeDeleted as purgeDeletedFiles } from "./repository.js";
/** A file as the API presents it (`RecordFile` in the OpenAPI document), for other modules' responses. */
export { fileSchema } from "./schemas.js";
export type { RecordFile, RecordRef } from "./service.js";

/** Days a removed file's row (and so its bytes) is kept before the nightly job purges it. */
export const DELETED_FILE_RETENTION_DAYS = 30;

registerBlobReference({ table: "record_files", column: "blob_sha256" });

export const filesModule: AppModule = {
  name: "files",
  events: fileEvents,
  routes: (app, deps) => fileRoutes(app, deps, blobStore(deps.config)),
  jobs: (deps) => [
    filesGcJob(deps.db, blobStore(deps.config), async () => ({
      removedFilesPurged: await purgeDeleted(deps.db, DELETED_FILE_RETENTION_DAYS),
    })) as never,
  ],
};

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Attaches a stream to a record as the actor (who must be allowed to edit it). In a transaction: all in it; on
 * the pool: the bytes stream first, then one short transaction writes the row (see service.storeAttachment).
 */
export function storeAttachment(
  db: Db,
  ctx: RequestContext,
  deps: AppDeps,
  input: { source: BlobSource; name: string; record: service.RecordRef; limitBytes?: number },
) {
  return service.storeAttachment(db, ctx, blobStore(deps.config), {
    ...input,
    limitBytes: input.limitBytes ?? deps.config.FILES_LIMIT_BYTES,
  });
}

/** The files of a record the actor may read (404 otherwise), newest first; `canEdit` for the actor. */
export function listRecordFiles(db: Db, ctx: RequestContext, record: service.RecordRef) {
  return service.listRecordFiles(db, ctx, record);
}

/** A file whose record the actor may read (its metadata, no bytes), or null. */
export function readableFile(db: Db, ctx: RequestContext, id: string) {
  return service.readableFile(db, ctx, id);
}

/** Files whose names contain `q` on records each of `actors` may read, newest first (at most `limit`). */
export function searchReadableFiles(db: Db, actors: Actor[], input: { q: string; limit: number }) {
  return service.searchReadableFiles(db, actors, input);
}

/** A file the actor may read (404 otherwise) and a stream of its bytes. */
export function openAttachment(db: Db, ctx: RequestContext, deps: AppDeps, id: string) {
  return service.openAttachment(db, ctx, blobStore(deps.config), id);
}
