import { randomUUID } from "node:crypto";
import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { MailboxRef, Pending } from "./batch.js";
import { isReplySubject, subjectKey } from "./content.js";
import type { RecordLookup } from "./linking.js";

/** What the stored messages say about a batch's references and Message-IDs. */
export interface ThreadClues {
  /** Thread of each stored message the batch references. */
  threadOfId: Map<string, string>;
  /** Threads of stored messages that reference a Message-ID (replies to it). */
  replyThreads: Map<string, Set<string>>;
  /** First thread found whose messages reference a Message-ID (siblings sharing it). */
  refThreads: Map<string, string>;
}

/**
 * One statement: the stored messages a batch references, or that reference its references or Message-IDs — one
 * `(mailbox_id, message_id)` probe per reference and one `references` GIN probe per key (`offset 0` keeps each a
 * pure index lookup; the mailbox is checked on what a probe found). One `mailbox_id = … and (message_id = any(…)
 * or references && …)` was planned as a walk of the mailbox's every message, testing each against the batch's
 * keys: a batch cost more the more mail the mailbox held (`threading-plan.test.ts`).
 */
export async function threadClues(
  trx: Transaction<DB>,
  mailbox: MailboxRef,
  pending: Pending[],
): Promise<ThreadClues> {
  const refs = [...new Set(pending.flatMap((p) => p.ancestors))];
  const newIds = pending.map((p) => p.item.parsed.messageId);
  const related = await sql<{ message_id: string; thread_id: string; references: string[] }>`
    select r.message_id, r.thread_id, r."references" from unnest(${refs}::text[]) as k(message_id)
    cross join lateral (select m.message_id, m.thread_id, m."references" from mail_messages m
      where m.mailbox_id = ${mailbox.id} and m.message_id = k.message_id offset 0) as r
    union
    select r.message_id, r.thread_id, r."references" from unnest(${[...new Set([...refs, ...newIds])]}::text[]) as k(ref)
    cross join lateral (select m.mailbox_id, m.message_id, m.thread_id, m."references" from mail_messages m
      where m."references" @> array[k.ref] offset 0) as r
    where r.mailbox_id = ${mailbox.id}`.execute(trx);
  const threadOfId = new Map<string, string>();
  const replyThreads = new Map<string, Set<string>>();
  const refThreads = new Map<string, string>();
  for (const r of related.rows) {
    if (refs.includes(r.message_id)) threadOfId.set(r.message_id, r.thread_id);
    for (const ref of r.references) {
      if (!refThreads.has(ref)) refThreads.set(ref, r.thread_id);
      replyThreads.set(ref, (replyThreads.get(ref) ?? new Set()).add(r.thread_id));
    }
  }
  return { threadOfId, replyThreads, refThreads };
}

/**
 * Sets each pending message's `threadId`: the thread of any message it references (stored earlier or earlier in
 * this batch) or of a stored reply to it or sibling sharing a reference; only without any reference, a thread of
 * the same mailbox with the same normalized reply subject that one of its correspondents (or their contact's
 * other addresses) is on; otherwise a new one. Returns the new threads (by the message that starts each) and the
 * merges of threads started by replies stored before their parent into the parent's (already applied to
 * `pending`).
 */
export async function assignThreads(
  trx: Transaction<DB>,
  mailbox: MailboxRef,
  pending: Pending[],
  inBatch: Map<string, Pending>,
  clues: ThreadClues,
  records: RecordLookup,
): Promise<{ newThreads: Pending[]; merges: { from: string; into: string }[] }> {
  const { threadOfId, replyThreads, refThreads } = clues;
  const newThreads: Pending[] = [];
  const merges: { from: string; into: string }[] = [];
  for (const p of pending) {
    const m = p.item.parsed;
    let thread = p.item.outgoing?.threadId ?? null;
    for (const ref of [...p.ancestors].reverse()) {
      if (thread) break;
      thread = inBatch.get(ref)?.threadId || threadOfId.get(ref) || null;
    }
    const replies = replyThreads.get(m.messageId);
    if (!thread && replies?.size) thread = [...replies][0] ?? null;
    if (!thread) {
      for (const q of pending) {
        if (q === p || !q.threadId) continue;
        if (q.ancestors.includes(m.messageId) || q.ancestors.some((a) => p.ancestors.includes(a))) {
          thread = q.threadId;
          break;
        }
      }
    }
    if (!thread && p.ancestors.length > 0)
      thread = p.ancestors.map((a) => refThreads.get(a)).find(Boolean) ?? null;
    if (!thread && p.ancestors.length === 0 && isReplySubject(m.subject) && p.people.length > 0) {
      thread = await subjectThread(
        trx,
        mailbox.id,
        subjectKey(m.subject),
        records.sameContactAddresses(p.people),
      );
      if (!thread) {
        const key = subjectKey(m.subject);
        const addrs = new Set(records.sameContactAddresses(p.people));
        thread =
          newThreads.find(
            (q) => subjectKey(q.item.parsed.subject) === key && q.people.some((a) => addrs.has(a.address)),
          )?.threadId ?? null;
      }
    }
    if (!thread) {
      thread = randomUUID();
      newThreads.push(p);
    }
    p.threadId = thread;
    for (const other of replies ?? []) {
      if (other !== thread && !merges.some((x) => x.from === other))
        merges.push({ from: other, into: thread });
    }
  }
  for (const m of merges) {
    for (const p of pending) if (p.threadId === m.from) p.threadId = m.into;
  }
  return { newThreads, merges };
}

async function subjectThread(trx: Transaction<DB>, mailboxId: string, key: string, addresses: string[]) {
  if (!key || addresses.length === 0) return null;
  const r = await sql<{ id: string }>`
    select t.id from mail_threads t
    where t.mailbox_id = ${mailboxId} and t.subject_key = ${key}
      and t.participant_addresses && ${addresses}::text[]
    order by t.last_message_at desc limit 1`.execute(trx);
  return r.rows[0]?.id ?? null;
}
