import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { AppError, NotFoundError } from "../errors.js";
import { FileTooLargeError } from "./storage.js";

/**
 * Content-addressed blob storage: a blob's key is the SHA-256 of its bytes, so the same file stored twice is
 * kept once. Local disk under `DATA_DIR/files` by default (one host; several servers need `FILES_S3_URL` or a
 * shared volume), or an S3-compatible store. Every write streams (temp file/object → hash → rename/copy), so no
 * reader ever sees a half-written blob and no whole file is held in memory.
 */
export interface BlobStore {
  readonly kind: "local" | "s3";
  /**
   * Streams `source` in. `inspect` sees the first `headBytes` bytes (or the whole file when shorter) before the
   * rest is accepted and may throw to refuse it. Over `limitBytes` → FileTooLargeError; a refused or failed write
   * leaves nothing behind.
   */
  put(source: BlobSource, opts: PutOptions): Promise<PutResult>;
  /** The blob's bytes (BlobNotFoundError when absent). */
  get(sha256: string): Promise<Readable>;
  stat(sha256: string): Promise<{ size: number } | null>;
  delete(sha256: string): Promise<void>;
  /** Every stored blob (for the garbage collector's sweep of blobs no row knows). */
  list(): AsyncIterable<{ sha256: string; modifiedAt: Date }>;
  /** Removes temp files/objects of writes that died more than `olderThanMs` ago; returns how many. */
  sweepTemp(olderThanMs: number): Promise<number>;
}

export type BlobSource = AsyncIterable<Buffer | Uint8Array | string>;
export interface PutOptions {
  limitBytes: number;
  headBytes?: number;
  inspect?: (head: Buffer) => void;
  /** Runs once the hash is known, before the blob becomes visible under it (takes the hash's lock). */
  beforeFinalize?: (result: PutResult) => Promise<void>;
}
export interface PutResult {
  sha256: string;
  size: number;
  head: Buffer;
}

export class BlobNotFoundError extends NotFoundError {}

export class BlobStoreError extends AppError {
  constructor(message: string) {
    super(503, "file_store_unavailable", message);
  }
}

export const SHA256 = /^[0-9a-f]{64}$/;

export function assertSha(sha256: string): string {
  if (!SHA256.test(sha256)) throw new BlobNotFoundError();
  return sha256;
}

/**
 * Consumes `source`: hashes, enforces the limit, hands the head to `inspect` before writing anything, then
 * passes every buffer (head first) to `write`. Shared by both stores.
 */
export async function pump(
  source: BlobSource,
  opts: PutOptions,
  write: (chunk: Buffer) => Promise<void>,
): Promise<PutResult> {
  const headBytes = opts.headBytes ?? 64 * 1024;
  const hash = createHash("sha256");
  let size = 0;
  let pending: Buffer[] | null = [];
  let pendingBytes = 0;
  let head = Buffer.alloc(0);
  const release = async () => {
    const joined = Buffer.concat(pending ?? []);
    head = joined.subarray(0, headBytes);
    pending = null;
    opts.inspect?.(head);
    if (joined.length > 0) await write(joined);
  };
  for await (const chunk of source) {
    const buf =
      typeof chunk === "string"
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buf.length;
    if (size > opts.limitBytes) throw new FileTooLargeError(opts.limitBytes);
    hash.update(buf);
    if (pending) {
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes >= headBytes) await release();
    } else await write(buf);
  }
  if (pending) await release();
  return { sha256: hash.digest("hex"), size, head: Buffer.from(head) };
}
