import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { Kysely, Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import { AppError } from "../errors.js";
import { CONTENT_TYPES, type FileKind, sniffKind } from "./sniff.js";

/**
 * Files live in PostgreSQL (`files` + 1 MiB `file_chunks`), not on a local disk, so every server and worker
 * instance sees every upload and export. Writes stream chunk by chunk; nothing holds a whole file in memory.
 */
export const CHUNK_BYTES = 1024 * 1024;
const SNIFF_BYTES = 8192;

export interface StoredFile {
  id: string;
  name: string;
  kind: FileKind;
  contentType: string;
  size: number;
}

export class FileTooLargeError extends AppError {
  constructor(limit: number) {
    super(413, "file_too_large", `The file is larger than the limit of ${limit} bytes.`);
  }
}

export class UnsupportedFileError extends AppError {
  constructor(message = "The file is not a CSV/TSV text, an XLSX workbook or a vCard file.") {
    super(422, "unsupported_file", message);
  }
}

export interface StoreInput {
  name: string;
  purpose: string;
  createdBy: string | null;
  limitBytes: number;
  /** Known kind for generated files; uploads leave it out and are sniffed. */
  kind?: FileKind;
  expiresAt?: Date | null;
}

type Db = Kysely<DB> | Transaction<DB>;

/** Streams `source` into storage in one transaction: a failed or oversized upload leaves nothing behind. */
export async function storeFile(
  db: Kysely<DB>,
  source: AsyncIterable<Buffer | string>,
  input: StoreInput,
): Promise<StoredFile> {
  return db.transaction().execute((trx) => storeFileIn(trx, source, input));
}

export async function storeFileIn(
  trx: Db,
  source: AsyncIterable<Buffer | string>,
  input: StoreInput,
): Promise<StoredFile> {
  const hash = createHash("sha256");
  const iterator = source[Symbol.asyncIterator]();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let size = 0;
  let done = false;
  const pull = async (): Promise<boolean> => {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      return false;
    }
    const buf = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    size += buf.length;
    if (size > input.limitBytes) throw new FileTooLargeError(input.limitBytes);
    hash.update(buf);
    pending.push(buf);
    pendingBytes += buf.length;
    return true;
  };

  while (!done && pendingBytes < SNIFF_BYTES) await pull();
  const kind = input.kind ?? sniffKind(Buffer.concat(pending).subarray(0, SNIFF_BYTES));
  if (!kind) throw new UnsupportedFileError();

  const file = await trx
    .insertInto("files")
    .values({
      purpose: input.purpose,
      name: safeName(input.name),
      kind,
      content_type: CONTENT_TYPES[kind],
      created_by: input.createdBy,
      expires_at: input.expiresAt ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  let seq = 0;
  const flush = async (all: boolean) => {
    if (pendingBytes < CHUNK_BYTES && !(all && pendingBytes > 0)) return;
    // One copy at most per flush: pieces are views into the joined buffer (uploads may arrive in one piece).
    const joined = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    let offset = 0;
    while (joined.length - offset >= CHUNK_BYTES || (all && joined.length > offset)) {
      const piece = joined.subarray(offset, offset + CHUNK_BYTES);
      offset += piece.length;
      await trx.insertInto("file_chunks").values({ file_id: file.id, seq: seq++, data: piece }).execute();
    }
    const rest = joined.subarray(offset);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
  };
  while (!done) {
    await pull();
    if (pendingBytes >= CHUNK_BYTES) await flush(false);
  }
  await flush(true);
  await trx
    .updateTable("files")
    .set({ size: String(size), sha256: hash.digest("hex") })
    .where("id", "=", file.id)
    .execute();
  return { id: file.id, name: safeName(input.name), kind, contentType: CONTENT_TYPES[kind], size };
}

export async function getFile(db: Db, id: string): Promise<StoredFile | null> {
  const row = await db
    .selectFrom("files")
    .select(["id", "name", "kind", "content_type", "size"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as FileKind,
    contentType: row.content_type,
    size: Number(row.size),
  };
}

/** The file's bytes as a stream, fetched one chunk per query. */
export function readFile(db: Db, id: string): Readable {
  async function* chunks() {
    for (let seq = 0; ; seq++) {
      const row = await db
        .selectFrom("file_chunks")
        .select("data")
        .where("file_id", "=", id)
        .where("seq", "=", seq)
        .executeTakeFirst();
      if (!row) return;
      yield row.data;
    }
  }
  return Readable.from(chunks());
}

/** The first bytes of a file (for previews and encoding detection). */
export async function readHead(db: Db, id: string, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  for await (const chunk of readFile(db, id)) {
    parts.push(chunk as Buffer);
    got += (chunk as Buffer).length;
    if (got >= bytes) break;
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

export async function deleteFile(db: Db, id: string): Promise<void> {
  await db.deleteFrom("files").where("id", "=", id).execute();
}

/** A display/download name without path parts or control characters. */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = [...base]
    .filter((ch) => ch !== '"' && (ch.codePointAt(0) ?? 0) >= 0x20 && ch !== "\u007f")
    .join("")
    .trim()
    .slice(0, 200);
  return clean || "file";
}
