import type { ImapFlow, ListResponse } from "imapflow";
import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { BlobStore } from "../../platform/files/blobs.js";
import { attachmentSink, storeAttachmentBlobs } from "./attachment-blobs.js";
import { type AutoCreateDeps, applyAutoCreate } from "./auto-create.js";
import type { FolderRef, MailboxRef } from "./batch.js";
import { BATCH_BYTES, fetchSizes, planBatches, STREAM_BYTES } from "./batch-plan.js";
import { storeBatch } from "./ingest.js";
import { type ParsedMessage, parseMessage } from "./parse.js";
import { type AttachmentSink, parseMessageStream } from "./parse-stream.js";

export interface FolderRow {
  id: string;
  role: "inbox" | "sent";
  path: string;
  uidvalidity: string | null;
  last_uid: string;
  backfill_completed_at: Date | null;
}

const SENT_NAMES =
  /^(sent|sent items|sent messages|sent mail|отправленные|отправленные письма|poslato|послато|жіберілгендер|\[gmail\]\/sent mail)$/i;

/** INBOX and the Sent folder (RFC 6154 `\Sent` special-use, else a well-known name). */
export function pickFolders(list: ListResponse[]): { inbox: string; sent: string | null } {
  const inbox =
    list.find((f) => f.specialUse === "\\Inbox" || f.path.toUpperCase() === "INBOX")?.path ?? "INBOX";
  const sent =
    list.find((f) => f.specialUse === "\\Sent")?.path ??
    list.find((f) => SENT_NAMES.test(f.path) || SENT_NAMES.test(f.name))?.path ??
    null;
  return { inbox, sent };
}

export async function ensureFolders(
  db: Database,
  mailboxId: string,
  found: { inbox: string; sent: string | null },
) {
  const wanted: Array<["inbox" | "sent", string]> = [["inbox", found.inbox]];
  if (found.sent) wanted.push(["sent", found.sent]);
  for (const [role, path] of wanted) {
    await sql`
      insert into mailbox_folders (mailbox_id, role, path) values (${mailboxId}, ${role}, ${path})
      on conflict (mailbox_id, role) do update set path = excluded.path
        where mailbox_folders.path <> excluded.path`.execute(db);
  }
  return (await db
    .selectFrom("mailbox_folders")
    .select(["id", "role", "path", "uidvalidity", "last_uid", "backfill_completed_at"])
    .where("mailbox_id", "=", mailboxId)
    .orderBy("role")
    .execute()) as FolderRow[];
}

export interface SyncHooks {
  /** Throws when the lease was lost (another process owns the mailbox now). */
  assertLease(): Promise<void>;
  signal: AbortSignal;
  batchSize: number;
  /** Raw bytes a batch may hold (default `BATCH_BYTES`); a larger message is a batch of its own. */
  batchBytes?: number;
  /** A message larger than this (default `STREAM_BYTES`) is read and parsed as a stream, never whole. */
  streamBytes?: number;
  /** Where attachment bytes are kept (the files store). */
  blobs: BlobStore;
  /** The services the "create contacts from unknown senders" rule creates records through. */
  autoCreate: AutoCreateDeps;
}

/**
 * One batch's messages, fetched by UID and parsed one at a time as they arrive, in UID order. Only the parsed
 * form is kept: each raw source is dropped once parsed (malformed MIME keeps it as `raw`), so a batch never holds
 * its raw bytes, mailparser's trees and the parsed results all at once. A message over `streamBytes` is never
 * held whole: it is downloaded as a stream (imapflow reads it in partial fetches) and parsed as it arrives, its
 * attachments written to the files store as they are decoded (`parseMessageStream`).
 */
async function fetchAndParse(
  client: ImapFlow,
  batch: number[],
  large: ReadonlySet<number>,
  sink: AttachmentSink,
) {
  const parsed: { f: { uid: number }; p: ParsedMessage }[] = [];
  const whole = batch.filter((uid) => !large.has(uid));
  if (whole.length > 0) {
    for await (const m of client.fetch(
      whole,
      { uid: true, source: true, internalDate: true },
      { uid: true },
    )) {
      if (!m.source) continue;
      const p = await parseMessage(m.source, new Date(m.internalDate ?? Date.now()));
      parsed.push({ f: { uid: m.uid }, p });
    }
  }
  for (const uid of batch.filter((u) => large.has(u))) {
    const p = await parseStreamed(client, uid, sink);
    if (p) parsed.push({ f: { uid }, p });
  }
  return parsed.sort((a, b) => a.f.uid - b.f.uid);
}

/** A large message as a stream; MIME that looks malformed is read whole after all, to be kept raw. */
async function parseStreamed(client: ImapFlow, uid: number, sink: AttachmentSink) {
  const meta = await client.fetchOne(String(uid), { uid: true, internalDate: true }, { uid: true });
  if (!meta) return null; // expunged meanwhile
  const date = new Date(meta.internalDate ?? Date.now());
  const { content } = await client.download(String(uid), undefined, { uid: true });
  if (!content) return null;
  const p = await parseMessageStream(content, date, sink);
  if (p) return p;
  const m = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
  if (m === false || !m.source) return null;
  return parseMessage(m.source, date);
}

/**
 * Syncs one folder exactly once: a changed UIDVALIDITY restarts the UID walk (rows are still deduplicated by
 * Message-ID); the first pass (backfill) takes the messages of the last `days` days, every later pass the UIDs
 * above `last_uid`. Each batch commits its messages together with the new `last_uid` and progress, so a crash
 * resumes after the last committed batch and never stores a message twice.
 */
export async function syncFolder(
  db: Database,
  client: ImapFlow,
  mailbox: MailboxRef & { backfill_days: number },
  folder: FolderRow,
  hooks: SyncHooks,
): Promise<number> {
  const lock = await client.getMailboxLock(folder.path);
  try {
    const status = client.mailbox;
    if (!status) return 0;
    const uidValidity = String(status.uidValidity);
    let lastUid = Number(folder.last_uid);
    if (folder.uidvalidity !== uidValidity) {
      if (folder.uidvalidity !== null) lastUid = 0;
      await db
        .updateTable("mailbox_folders")
        .set({
          uidvalidity: uidValidity,
          last_uid: String(lastUid),
          backfill_completed_at: folder.uidvalidity ? null : folder.backfill_completed_at,
        })
        .where("id", "=", folder.id)
        .execute();
      folder.uidvalidity = uidValidity;
      folder.last_uid = String(lastUid);
    }
    let uids: number[];
    const backfilling = !folder.backfill_completed_at;
    if (backfilling) {
      const since = new Date(Date.now() - mailbox.backfill_days * 86_400_000);
      const all = ((await client.search({ since }, { uid: true })) || []) as number[];
      all.sort((a, b) => a - b);
      uids = all.filter((u) => u > lastUid);
      await db
        .updateTable("mailbox_folders")
        .set({ backfill_total: all.length, backfill_done: all.length - uids.length })
        .where("id", "=", folder.id)
        .execute();
    } else {
      if (status.exists === 0) return 0;
      const next = Number(status.uidNext ?? 0);
      if (next && next <= lastUid + 1) return 0;
      const found = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []) as number[];
      uids = found.filter((u) => u > lastUid).sort((a, b) => a - b);
    }
    const ref: FolderRef = { id: folder.id, uidvalidity: uidValidity, role: folder.role };
    let stored = 0;
    const sizes = await fetchSizes(client, uids);
    const batches = planBatches(uids, sizes, hooks.batchSize, hooks.batchBytes ?? BATCH_BYTES);
    const streamBytes = hooks.streamBytes ?? STREAM_BYTES;
    const large = new Set(uids.filter((uid) => (sizes.get(uid) ?? 0) > streamBytes));
    const sink = attachmentSink(db, hooks.blobs);
    // The next batch is fetched and parsed (node) while the current one is stored (PostgreSQL): on two cores
    // the two halves overlap. Batches still commit one after another, in UID order.
    const load = (batch: number[]) => {
      const p = fetchAndParse(client, batch, large, sink);
      p.catch(() => {}); // awaited below; never an unhandled rejection if the store fails first
      return p;
    };
    let next = batches[0] ? load(batches[0]) : null;
    try {
      for (const [b, batch] of batches.entries()) {
        if (hooks.signal.aborted || !next) return stored;
        const parsed = await next;
        next = batches[b + 1] ? load(batches[b + 1] as number[]) : null;
        await storeAttachmentBlobs(
          db,
          hooks.blobs,
          parsed.map((x) => x.p),
        );
        const top = batch[batch.length - 1] ?? lastUid;
        await hooks.assertLease();
        await db.transaction().execute(async (trx) => {
          const own = mailbox.address.toLowerCase();
          const items = parsed.map(({ f, p }) => ({
            uid: f.uid,
            parsed: p,
            direction:
              folder.role === "sent" || p.from.some((a) => a.address === own)
                ? ("out" as const)
                : ("in" as const),
          }));
          const results = await storeBatch(trx, mailbox, ref, items, null);
          stored += results.filter((r) => r.stored).length;
          await applyAutoCreate(
            trx,
            hooks.autoCreate,
            mailbox.id,
            items.flatMap((item, i) => {
              const from = item.parsed.from[0];
              return results[i]?.stored && item.direction === "in" && from
                ? [{ from, subject: item.parsed.subject }]
                : [];
            }),
          );
          await sql`
            update mailbox_folders set last_uid = greatest(last_uid, ${top}),
              backfill_done = least(backfill_total, backfill_done + ${batch.length})
            where id = ${folder.id}`.execute(trx);
          if (backfilling) {
            await sql`
              update mailboxes m set
                backfill_total = (select coalesce(sum(backfill_total), 0) from mailbox_folders where mailbox_id = m.id),
                backfill_done = (select coalesce(sum(backfill_done), 0) from mailbox_folders where mailbox_id = m.id)
              where m.id = ${mailbox.id}`.execute(trx);
          }
        });
        lastUid = top;
        folder.last_uid = String(top);
      }
    } finally {
      await next?.catch(() => {});
    }
    if (backfilling && !hooks.signal.aborted) {
      const now = new Date();
      await db
        .updateTable("mailbox_folders")
        .set({ backfill_completed_at: now })
        .where("id", "=", folder.id)
        .execute();
      folder.backfill_completed_at = now;
    }
    return stored;
  } finally {
    lock.release();
  }
}
