import { randomUUID } from "node:crypto";
import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { MailAddress, ParsedMessage } from "./parse.js";

export interface MailboxRef {
  id: string;
  address: string;
  username: string;
}

export interface FolderRef {
  id: string;
  uidvalidity: string | number;
  role: "inbox" | "sent";
}

export interface BatchItem {
  uid: number | null;
  parsed: ParsedMessage;
  direction: "in" | "out";
  /** Outgoing rows written by the CRM. */
  outgoing?: {
    sendStatus: "queued" | "sending" | "sent" | "failed";
    sentBy: string;
    scheduledAt: Date | null;
    threadId: string | null;
  };
}

export type StoreResult =
  | { stored: true; id: string; threadId: string }
  | { stored: false; id: string | null; threadId: string | null; reason: "duplicate" };

/** A message of the batch that is new: its row id, thread (assigned by `threading.ts`), ancestors, people. */
export interface Pending {
  item: BatchItem;
  id: string;
  threadId: string;
  ancestors: string[];
  people: MailAddress[];
}

/** The mailbox's own addresses (never a "correspondent", never linked). */
export function ownAddresses(m: MailboxRef): Set<string> {
  const own = new Set([m.address.toLowerCase()]);
  if (m.username.includes("@")) own.add(m.username.toLowerCase());
  return own;
}

function correspondents(p: Pick<ParsedMessage, "from" | "to" | "cc">, own: Set<string>): MailAddress[] {
  const seen = new Set<string>();
  return [...p.from, ...p.to, ...p.cc].filter((a) => {
    if (own.has(a.address) || seen.has(a.address)) return false;
    seen.add(a.address);
    return true;
  });
}

/** Every ancestor a message names (References + In-Reply-To), the last 100. */
function ancestorsOf(p: ParsedMessage): string[] {
  return [...new Set([...p.references, ...(p.inReplyTo ? [p.inReplyTo] : [])])].slice(-100);
}

/**
 * Splits a batch into duplicates and new messages, in one read (plus one update when a folder UID is filled):
 * a (mailbox, Message-ID) already stored only gains the folder UID it lacked (the CRM's outgoing copy seen in
 * Sent; a message moved between folders keeps its row) and a Message-ID repeated in the batch is stored once.
 * `results` holds a provisional `stored: true` (thread "") for every new message.
 */
export async function partitionBatch(
  trx: Transaction<DB>,
  mailbox: MailboxRef,
  folder: FolderRef | null,
  items: BatchItem[],
): Promise<{ results: StoreResult[]; pending: Pending[]; inBatch: Map<string, Pending> }> {
  const own = ownAddresses(mailbox);
  const results: StoreResult[] = new Array(items.length);
  const ids = [...new Set(items.map((i) => i.parsed.messageId))];
  const existing = await sql<{ id: string; message_id: string; thread_id: string; folder_id: string | null }>`
    select id, message_id, thread_id, folder_id from mail_messages
    where mailbox_id = ${mailbox.id} and message_id = any(${ids}::text[])`.execute(trx);
  const known = new Map(existing.rows.map((r) => [r.message_id, r]));
  const fill: { id: string; uid: number }[] = [];
  const pending: Pending[] = [];
  const inBatch = new Map<string, Pending>();
  items.forEach((item, i) => {
    const k = known.get(item.parsed.messageId);
    if (k) {
      if (folder && item.uid !== null && k.folder_id === null && !fill.some((f) => f.id === k.id)) {
        fill.push({ id: k.id, uid: item.uid });
      }
      results[i] = { stored: false, id: k.id, threadId: k.thread_id, reason: "duplicate" };
      return;
    }
    const twin = inBatch.get(item.parsed.messageId);
    if (twin) {
      results[i] = { stored: false, id: twin.id, threadId: twin.threadId, reason: "duplicate" };
      return;
    }
    const p: Pending = {
      item,
      id: randomUUID(),
      threadId: "",
      ancestors: ancestorsOf(item.parsed),
      people: correspondents(item.parsed, own),
    };
    pending.push(p);
    inBatch.set(item.parsed.messageId, p);
    results[i] = { stored: true, id: p.id, threadId: "" };
  });
  if (fill.length > 0 && folder) {
    await sql`
      update mail_messages m set folder_id = ${folder.id}, uidvalidity = ${String(folder.uidvalidity)}, uid = x.uid
      from unnest(${fill.map((f) => f.id)}::uuid[], ${fill.map((f) => f.uid)}::bigint[]) as x(id, uid)
      where m.id = x.id and m.folder_id is null
        and not exists (select 1 from mail_messages o where o.folder_id = ${folder.id}
          and o.uidvalidity = ${String(folder.uidvalidity)} and o.uid = x.uid)`.execute(trx);
  }
  return { results, pending, inBatch };
}
