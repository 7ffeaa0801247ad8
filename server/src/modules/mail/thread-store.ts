import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Pending } from "./batch.js";
import { subjectKey } from "./content.js";
import type { MailAddress } from "./parse.js";

/** The `mail_threads` rows of the threads a batch starts (counts and participants follow in `updateThreads`). */
export async function insertThreads(trx: Transaction<DB>, mailboxId: string, newThreads: Pending[]) {
  if (newThreads.length === 0) return;
  const rows = newThreads.map((p) => ({
    id: p.threadId,
    subject: p.item.parsed.subject,
    key: subjectKey(p.item.parsed.subject),
    at: p.item.parsed.sentAt.toISOString(),
  }));
  await sql`
    insert into mail_threads (id, mailbox_id, subject, subject_key, first_message_at, last_message_at)
    select x.id, ${mailboxId}, x.subject, x.key, x.at, x.at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, subject text, key text, at timestamptz)`.execute(
    trx,
  );
}

/** Counts, first/last message, snippet, direction and participants of the threads that gained messages. */
export async function updateThreads(trx: Transaction<DB>, done: Pending[]) {
  const byThread = new Map<string, Pending[]>();
  for (const p of done) byThread.set(p.threadId, [...(byThread.get(p.threadId) ?? []), p]);
  const deltas = [...byThread.entries()].map(([id, ps]) => {
    const sorted = [...ps].sort((a, b) => a.item.parsed.sentAt.getTime() - b.item.parsed.sentAt.getTime());
    const first = sorted[0] as Pending;
    const last = sorted[sorted.length - 1] as Pending;
    const people = new Map<string, MailAddress>();
    for (const p of sorted) for (const a of p.people) if (!people.has(a.address)) people.set(a.address, a);
    return {
      id,
      n: ps.length,
      first_at: first.item.parsed.sentAt.toISOString(),
      last_at: last.item.parsed.sentAt.toISOString(),
      snippet: last.item.parsed.snippet,
      direction: last.item.direction,
      participants: [...people.values()],
      addresses: [...people.keys()],
    };
  });
  await sql`
    update mail_threads t set
      message_count = t.message_count + x.n,
      first_message_at = least(t.first_message_at, x.first_at),
      last_message_at = greatest(t.last_message_at, x.last_at),
      snippet = case when x.last_at >= t.last_message_at or t.message_count = 0 then x.snippet else t.snippet end,
      last_direction = case when x.last_at >= t.last_message_at or t.last_direction is null
        then x.direction else t.last_direction end,
      participant_addresses = array(select distinct unnest(t.participant_addresses || x.addresses)),
      participants = (
        select coalesce(jsonb_agg(s.e order by s.ord), '[]'::jsonb) from (
          select distinct on (z.e->>'address') z.e, z.ord
          from jsonb_array_elements(t.participants || x.participants) with ordinality as z(e, ord)
          order by z.e->>'address', z.ord limit 100) s)
    from jsonb_to_recordset(${JSON.stringify(deltas)}::jsonb) as x(id uuid, n integer, first_at timestamptz,
      last_at timestamptz, snippet text, direction text, participants jsonb, addresses text[])
    where t.id = x.id`.execute(trx);
}

/**
 * A thread started by replies stored before their parent merges into the parent's thread: its messages, links
 * (a user's unlink included), counts and participants.
 */
export async function mergeThread(trx: Transaction<DB>, other: string, threadId: string) {
  await sql`update mail_messages set thread_id = ${threadId} where thread_id = ${other}`.execute(trx);
  await sql`
    insert into mail_thread_links (thread_id, entity, record_id, source, last_message_at, linked_by, created_at, unlinked_at)
    select ${threadId}, entity, record_id, source, last_message_at, linked_by, created_at, unlinked_at
    from mail_thread_links where thread_id = ${other}
    on conflict (thread_id, entity, record_id) do nothing`.execute(trx);
  await sql`
    update mail_threads t set
      message_count = t.message_count + o.message_count,
      first_message_at = least(t.first_message_at, o.first_message_at),
      last_message_at = greatest(t.last_message_at, o.last_message_at),
      snippet = case when o.last_message_at > t.last_message_at then o.snippet else t.snippet end,
      last_direction = case when o.last_message_at > t.last_message_at then o.last_direction else t.last_direction end,
      participant_addresses = array(select distinct unnest(t.participant_addresses || o.participant_addresses)),
      participants = (
        select coalesce(jsonb_agg(s.e order by s.ord), '[]'::jsonb) from (
          select distinct on (z.e->>'address') z.e, z.ord
          from jsonb_array_elements(t.participants || o.participants) with ordinality as z(e, ord)
          order by z.e->>'address', z.ord limit 100) s),
      is_private = t.is_private or o.is_private,
      assignee_id = coalesce(t.assignee_id, o.assignee_id)
    from mail_threads o where t.id = ${threadId} and o.id = ${other}`.execute(trx);
  await sql`update mail_unknown_addresses set last_thread_id = ${threadId} where last_thread_id = ${other}`.execute(
    trx,
  );
  await sql`delete from mail_threads where id = ${other}`.execute(trx);
}
