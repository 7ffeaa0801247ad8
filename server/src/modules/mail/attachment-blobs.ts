import { Readable } from "node:stream";
import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import { type BlobStore, FileTypeNotAllowedError, putBlob } from "../../platform/files/blobs.js";
import type { ParsedMessage } from "./parse.js";

/**
 * Puts the attachment bytes of a fetched batch into the files store before the batch's transaction opens (as
 * uploads do: no transaction is held while bytes are written), so the rows the batch stores name blobs that
 * exist. Content already stored is only touched (one statement for the batch): `touched_at` keeps it from the
 * collector until the batch commits its reference — a blob the collector removed meanwhile has no row left to
 * touch and is written again. Programs are refused as everywhere else in the store: such an attachment keeps its
 * metadata without bytes (no download). Each kept attachment gets `stored = true` and drops its buffer.
 */
export async function storeAttachmentBlobs(
  db: Database,
  store: BlobStore,
  messages: ParsedMessage[],
): Promise<void> {
  const attachments = messages.flatMap((m) => m.attachments);
  if (attachments.length === 0) return;
  const hashes = [...new Set(attachments.map((a) => a.sha256))];
  const present = new Set(
    (
      await sql<{ sha256: string }>`
        update file_blobs set touched_at = now() where sha256 = any(${hashes}::text[]) returning sha256`.execute(
        db,
      )
    ).rows.map((r) => r.sha256),
  );
  const refused = new Set<string>();
  for (const a of attachments) {
    if (!present.has(a.sha256) && !refused.has(a.sha256)) {
      try {
        // The name is the sender's: it decides nothing about what is stored (the type is sniffed either way).
        await putBlob(db, store, Readable.from([a.content]), { limitBytes: a.content.length + 1 });
        present.add(a.sha256);
      } catch (err) {
        if (!(err instanceof FileTypeNotAllowedError)) throw err;
        refused.add(a.sha256);
      }
    }
    a.stored = present.has(a.sha256);
    a.content = EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);
