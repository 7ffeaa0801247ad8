import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import { AppError } from "../errors.js";
import type { BlobSource, BlobStore } from "./blob-core.js";
import {
  ACTIVE_KINDS,
  BLOB_HEAD_BYTES,
  type BlobKind,
  blobContentType,
  INLINE_KINDS,
  isExecutable,
  sniffBlob,
} from "./sniff.js";

export interface StoredBlob {
  sha256: string;
  size: number;
  kind: BlobKind;
  /** The safe type to serve it with (active content and unknown binaries: application/octet-stream). */
  contentType: string;
}

export class FileTypeNotAllowedError extends AppError {
  constructor() {
    super(422, "file_type_not_allowed", "Programs (executable files) cannot be stored.");
  }
}

export class FileContentMismatchError extends AppError {
  constructor(kind: BlobKind) {
    super(422, "file_content_mismatch", `The file's name does not match its content (${kind}).`, [
      { field: "name", message: `The content is ${kind}.`, code: "file_content_mismatch" },
    ]);
  }
}

const IMAGE_OR_PDF_EXT = /\.(png|jpe?g|gif|webp|pdf)$/i;
const MARKUP_EXT = /\.(html?|xhtml|svg|xml|txt|eml|mht|mhtml)$/i;

/**
 * Refuses a name that promises something the bytes are not, where that could fool a person or a browser:
 * an image/PDF name on other content, or script-capable markup (HTML, SVG, XML) behind any other name.
 * Other mismatches (a `.doc` that is really a PDF) are stored under the sniffed kind.
 */
export function checkNameMatches(name: string, kind: BlobKind): void {
  if (IMAGE_OR_PDF_EXT.test(name) && !INLINE_KINDS.has(kind)) throw new FileContentMismatchError(kind);
  if (ACTIVE_KINDS.has(kind) && !MARKUP_EXT.test(name)) throw new FileContentMismatchError(kind);
}

/**
 * Streams `source` into `store` as a blob and records it in `file_blobs` (in `db` when it is a transaction,
 * else in a short transaction of its own, so a slow upload holds no connection). The hash's advisory lock is
 * taken before the blob becomes visible, so the garbage collector never deletes bytes a store of the same
 * content is finishing; `touched_at` = now keeps it for the grace period. Refused content leaves nothing.
 */
export async function putBlob(
  db: Kysely<DB> | Transaction<DB>,
  store: BlobStore,
  source: BlobSource,
  opts: { limitBytes: number; name?: string },
): Promise<StoredBlob> {
  let sniffed: { kind: BlobKind; utf8: boolean } = { kind: "binary", utf8: false };
  const result = await store.put(source, {
    limitBytes: opts.limitBytes,
    headBytes: BLOB_HEAD_BYTES,
    inspect: (head) => {
      if (isExecutable(head)) throw new FileTypeNotAllowedError();
      sniffed = sniffBlob(head);
      if (opts.name !== undefined) checkNameMatches(opts.name, sniffed.kind);
    },
    beforeFinalize: async ({ sha256, size }) => {
      const record = async (t: Transaction<DB>) => {
        await lockBlob(t, sha256);
        await t
          .insertInto("file_blobs")
          .values({
            sha256,
            size: String(size),
            kind: sniffed.kind,
            content_type: blobContentType(sniffed.kind, sniffed.utf8),
          })
          .onConflict((oc) => oc.column("sha256").doUpdateSet({ touched_at: sql`now()` }))
          .execute();
      };
      // Outside a transaction the row commits at once, touched now: the grace period then keeps the blob
      // until the caller's own transaction references it (or the collector finds it unused a day later).
      if (db.isTransaction) await record(db as Transaction<DB>);
      else await db.transaction().execute(record);
    },
  });
  return {
    sha256: result.sha256,
    size: result.size,
    kind: sniffed.kind,
    contentType: blobContentType(sniffed.kind, sniffed.utf8),
  };
}

/** The per-hash transaction lock putBlob and the garbage collector share. */
export async function lockBlob(trx: Transaction<DB>, sha256: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`blob:${sha256}`}, 0))`.execute(trx);
}

export async function tryLockBlob(trx: Transaction<DB>, sha256: string): Promise<boolean> {
  const r = await sql<{
    ok: boolean;
  }>`select pg_try_advisory_xact_lock(hashtextextended(${`blob:${sha256}`}, 0)) as ok`.execute(trx);
  return r.rows[0]?.ok === true;
}
