import { PassThrough, Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import { type BlobStore, FileTypeNotAllowedError, putBlob } from "../../platform/files/blobs.js";
import type { ParsedMessage } from "./parse.js";
import type { AttachmentSink } from "./parse-stream.js";

/**
 * Puts the attachment bytes of a fetched batch into the files store before the batch's transaction opens (as
 * uploads do: no transaction is held while bytes are written), so the rows the batch stores name blobs that
 * exist. Content already stored is only touched (one statement for the batch): `touched_at` keeps it from the
 * collector until the batch commits its reference — a blob the collector removed meanwhile has no row left to
 * touch and is written again. Programs are refused as everywhere else in the store: such an attachment keeps its
 * metadata without bytes (no download). Each kept attachment gets `stored = true` and drops its buffer.
 * Messages too large to read whole (`SyncHooks.streamBytes`) were parsed as streams, their attachments written
 * by `attachmentSink` as they were decoded; they are skipped here.
 */
export async function storeAttachmentBlobs(
  db: Database,
  store: BlobStore,
  messages: ParsedMessage[],
): Promise<void> {
  // Attachments of streamed messages are in the store already (`attachmentSink`).
  const attachments = messages.flatMap((m) => m.attachments).filter((a) => a.stored === undefined);
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

/**
 * Writes an attachment stream of a streamed message into the files store as mailparser decodes it (no buffer of
 * the attachment). A program is refused as above: the rest of its bytes are drained (mailparser waits for them)
 * and counted, nothing is kept.
 */
export function attachmentSink(db: Database, store: BlobStore): AttachmentSink {
  return async (content) => {
    let size = 0;
    const counted = new PassThrough();
    // Both listen from the same tick on: every chunk is counted, also those a refusal leaves unread.
    content.on("data", (chunk: Buffer) => {
      size += chunk.length;
    });
    content.pipe(counted);
    try {
      const blob = await putBlob(db, store, counted, { limitBytes: Number.MAX_SAFE_INTEGER });
      return { sha256: blob.sha256, size: blob.size, stored: true };
    } catch (err) {
      if (!(err instanceof FileTypeNotAllowedError)) throw err;
      content.unpipe(counted);
      if (!content.readableEnded) {
        content.resume();
        await finished(content);
      }
      return { sha256: "", size, stored: false };
    }
  };
}
