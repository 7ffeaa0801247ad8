import { sql } from "kysely";
import type { TimelineSource } from "../../platform/records/timeline-sources.js";
import { threadFullAccess, threadVisibility } from "./visibility.js";

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Mail threads on the timelines of the records they are linked to: one item per thread at its last message
 * (`mail_thread_links_timeline_idx`), in the activity item shape — `kind: "email"`, the snippet as `body`,
 * `event.type = "mailThread"` with the thread id, counts and read state for the conversation link. A private
 * thread shows others (who only read a linked record) its subject and participants, no snippet.
 */
export const mailTimelineSource: TimelineSource = {
  name: "mailThreads",
  kind: "email",
  page(actor, key, before, limit) {
    const after = before
      ? sql`and (l.last_message_at, l.thread_id) < (${before.at}::timestamptz, ${before.id}::uuid)`
      : sql``;
    return sql<{ id: string; at: Date }>`
      select l.thread_id as id, l.last_message_at as at
      from mail_thread_links l join mail_threads t on t.id = l.thread_id
      where l.entity = ${key.entity} and l.record_id = ${key.recordId} and l.unlinked_at is null ${after}
        and ${threadVisibility(actor, "t")}
      order by l.last_message_at desc, l.thread_id desc
      limit ${limit}`;
  },
  async load(db, actor, ids) {
    if (ids.length === 0) return new Map();
    // One statement (the page is already one round trip behind): the threads with their links as JSON, and only
    // the columns the item shows (not the participant address array nobody reads here).
    const rows = await sql<{
      id: string;
      mailbox_id: string;
      subject: string;
      snippet: string;
      first_message_at: Date;
      last_message_at: Date;
      message_count: number;
      last_direction: "in" | "out" | null;
      participants: { name: string; address: string }[];
      is_private: boolean;
      full: boolean;
      unread: boolean;
      owner_id: string | null;
      created_at: Date;
      updated_at: Date;
      links: { entity: string; id: string }[];
    }>`
      select t.id, t.mailbox_id, t.subject, t.snippet, t.first_message_at, t.last_message_at, t.message_count,
        t.last_direction, t.participants, t.is_private, t.created_at, t.updated_at,
        ${threadFullAccess(actor, "t")} as full, mb.owner_id,
        not exists (select 1 from mail_thread_reads r where r.thread_id = t.id and r.user_id = ${actor.userId}
          and r.read_through >= t.last_message_at) as unread,
        coalesce((select json_agg(json_build_object('entity', l.entity, 'id', l.record_id)
            order by l.entity, l.record_id)
          from mail_thread_links l where l.thread_id = t.id and l.unlinked_at is null), '[]') as links
      from mail_threads t join mailboxes mb on mb.id = t.mailbox_id
      where t.id = any(${ids}::uuid[])`.execute(db);
    return new Map(
      rows.rows.map((t) => [
        t.id,
        {
          id: t.id,
          kind: "email",
          occurredAt: iso(t.last_message_at),
          subject: t.subject,
          body: t.full ? t.snippet : null,
          direction: t.last_direction,
          phone: null,
          phoneRaw: null,
          durationSeconds: null,
          outcome: null,
          recordingUrl: null,
          startsAt: null,
          endsAt: null,
          place: null,
          participants: { users: [], contacts: [] },
          from: t.participants[0]?.address ?? null,
          to: t.participants.map((p) => p.address).join(", ") || null,
          toRaw: null,
          event: {
            type: "mailThread",
            threadId: t.id,
            mailboxId: t.mailbox_id,
            messageCount: t.message_count,
            firstMessageAt: iso(t.first_message_at),
            participants: t.participants,
            private: t.is_private,
            restricted: !t.full,
            unread: t.unread,
          },
          taskId: null,
          ownerId: t.owner_id ?? undefined,
          createdBy: null,
          createdAt: iso(t.created_at),
          updatedAt: iso(t.updated_at),
          links: t.links,
        },
      ]),
    );
  },
};
