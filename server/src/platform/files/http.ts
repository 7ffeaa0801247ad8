import type { FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { BlobStore } from "./blob-core.js";
import { BLOB_TYPES, type BlobKind, INLINE_KINDS } from "./sniff.js";
import { readFile, type StoredFile } from "./storage.js";

/**
 * Sends a stored file as a download. Always an attachment with `nosniff`, so nothing stored is ever rendered
 * or executed by the browser, whatever its bytes.
 */
export function sendStoredFile(reply: FastifyReply, db: Kysely<DB>, file: StoredFile, name = file.name) {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return reply
    .header("content-type", file.contentType)
    .header("content-length", String(file.size))
    .header(
      "content-disposition",
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .header("cache-control", "private, no-store")
    .send(readFile(db, file.id));
}

/**
 * Sends a stored image (a user's photo) to be shown inline: only ever with its sniffed image type, `nosniff`
 * and a CSP that allows nothing to run. Cached privately: the URL is versioned per file.
 */
export function sendStoredImage(reply: FastifyReply, db: Kysely<DB>, file: StoredFile) {
  return reply
    .header("content-type", file.contentType)
    .header("content-length", String(file.size))
    .header("content-disposition", "inline")
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .header("cache-control", "private, max-age=86400")
    .send(readFile(db, file.id));
}

/** What `sendBlob` needs of a stored blob: its hash, the name to download it as, its safe type and size. */
export interface BlobDownload {
  sha256: string;
  name: string;
  contentType: string;
  size: number;
  /** The sniffed kind; `inline` is honoured only for the kinds of `INLINE_KINDS` (images, PDF). */
  kind?: string;
}

/**
 * Streams a blob to the client. Always `nosniff` and a CSP that runs nothing; a download (`attachment`) unless
 * `inline` is asked for an image or PDF — HTML, SVG and anything unknown are never rendered from our origin.
 */
export async function sendBlob(
  reply: FastifyReply,
  store: BlobStore,
  blob: BlobDownload,
  opts: { inline?: boolean } = {},
) {
  const inline = opts.inline === true && INLINE_KINDS.has(blob.kind as BlobKind);
  const stream = await store.get(blob.sha256);
  const ascii = blob.name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  const disposition = `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(blob.name)}`;
  // Browsers refuse to run their PDF viewer in a sandboxed document, so an inline PDF goes without the CSP
  // (it is a sniffed PDF served as application/pdf with nosniff; PDF viewers run no script in our origin).
  if (!(inline && blob.kind === "pdf"))
    reply.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  return reply
    .header("content-type", inline ? BLOB_TYPES[blob.kind as BlobKind] : blob.contentType)
    .header("content-length", String(blob.size))
    .header("content-disposition", disposition)
    .header("x-content-type-options", "nosniff")
    .header("cross-origin-resource-policy", "same-origin")
    .header("cache-control", "private, no-store")
    .send(stream);
}
