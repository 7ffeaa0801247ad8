import { sql } from "kysely";
import { timeline } from "../../src/modules/activities/timeline.js";
import { listConversations } from "../../src/modules/conversations/service.js";
import { serviceFloor } from "../capture.js";
import type { BenchContext, Case, Scenario } from "./types.js";

const TARGET = { p95Ms: 50 };
/** E-mail threads on the busy contact's timeline (the 10,000). */
const CONTACT_THREADS = 10_000;

/** Stored messages for the inbox: BENCH_MAIL_MESSAGES, else by scale (1M at 1m; 3 messages per thread). */
function inboxMessages(ctx: BenchContext): number {
  if (process.env.BENCH_MAIL_MESSAGES) return Number(process.env.BENCH_MAIL_MESSAGES);
  if (ctx.quick) return 30_000;
  return Math.max(30_000, Math.round(1_000_000 * ctx.factor));
}

/**
 * Threads and messages written set-wise (`generate_series`), shaped like synced mail: 3 messages per thread,
 * participants, snippets, bodies of ~600 bytes, a link to a contact per thread (the timeline index), every
 * 1,000th thread shared with other contacts. The busy contact gets `CONTACT_THREADS` of them.
 */
async function loadMail(
  ctx: BenchContext,
  mailboxId: string,
  threads: number,
  offset: number,
  contact: string | null,
) {
  await sql`
    with t as (
      insert into mail_threads (mailbox_id, subject, subject_key, first_message_at, last_message_at, message_count,
        last_direction, snippet, participants, participant_addresses)
      select ${mailboxId}::uuid, 'Order ' || g, 'order ' || g,
        now() - make_interval(mins => g * 7 + 20), now() - make_interval(mins => g * 7), 3, 'in',
        'Добрый день! Заказ ' || g || ' готов к отгрузке.',
        jsonb_build_array(jsonb_build_object('name', 'Client ' || (g % 5000), 'address', 'client' || (g % 5000) || '@c' || (g % 500) || '.test')),
        array['client' || (g % 5000) || '@c' || (g % 500) || '.test']
      from generate_series(${offset + 1}::int, ${offset + threads}::int) g
      returning id, first_message_at, subject
    ), m as (
      insert into mail_messages (mailbox_id, thread_id, message_id, direction, from_address, "from", "to", subject,
        sent_at, text_body, reply_text, snippet, size_bytes)
      select ${mailboxId}::uuid, t.id, t.id || '-' || k || '@bench.test', case when k = 2 then 'out' else 'in' end,
        'client@bench.test', '[{"name":"Client","address":"client@bench.test"}]'::jsonb,
        '[{"name":"","address":"bench-mail@test.local"}]'::jsonb, t.subject,
        t.first_message_at + make_interval(mins => k * 10), repeat('Добрый день! Заказ готов. ', 24),
        'Добрый день! Заказ готов.', 'Добрый день! Заказ готов.', 2048
      from t cross join generate_series(1, 3) k
      returning 1
    )
    , picks as (select array(select id from contacts order by id limit 1024) as ids)
    insert into mail_thread_links (thread_id, entity, record_id, source, last_message_at)
    select t.id, 'contacts',
      coalesce(${contact}::uuid, picks.ids[1 + (hashtext(t.id::text) & 1023) % cardinality(picks.ids)]), 'address',
      t.first_message_at + interval '20 minutes'
    from t cross join picks where ${contact}::uuid is not null or cardinality(picks.ids) > 0`.execute(ctx.db);
}

/**
 * A contact timeline with 10,000 e-mail threads among its items, and the inbox list over the stored messages
 * (1M at `--scale 1m`; BENCH_MAIL_MESSAGES for another size): first pages as the mailbox owner, plus the inbox
 * as a sales manager who reads mail only through the records it is linked to.
 */
export const mailLists: Scenario = {
  name: "mail-lists",
  unavailable: (ctx) => {
    if (!ctx.routes.has("GET /api/v1/conversations")) return "GET /api/v1/conversations does not exist";
    return ctx.routes.has("GET /api/v1/timeline/:entity/:id") ? null : "the timeline route does not exist";
  },
  prepare: async (ctx) => {
    const contact = ctx.records.busyContactId;
    const total = inboxMessages(ctx);
    const mb = await ctx.db
      .insertInto("mailboxes")
      .values({
        kind: "personal",
        owner_id: ctx.adminId,
        name: "bench lists",
        address: `bench-lists-${Date.now()}@test.local`,
        imap_host: "imap.bench.test",
        imap_port: 993,
        imap_tls: "tls",
        smtp_host: "smtp.bench.test",
        smtp_port: 465,
        smtp_tls: "tls",
        username: "bench",
        password_sealed: "v1:bench",
        state: "paused",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const started = performance.now();
    await loadMail(ctx, mb.id, CONTACT_THREADS, 0, contact);
    const rest = Math.max(0, Math.round(total / 3) - CONTACT_THREADS);
    for (let done = 0; done < rest; done += 50_000) {
      await loadMail(ctx, mb.id, Math.min(50_000, rest - done), CONTACT_THREADS + done, null);
    }
    await sql`analyze mail_threads, mail_messages, mail_thread_links`.execute(ctx.db);
    const stored = (await sql<{ n: string }>`select count(*) as n from mail_messages`.execute(ctx.db)).rows[0]
      ?.n;
    ctx.log(`mail lists: ${stored} messages stored in ${Math.round((performance.now() - started) / 1000)} s`);

    const admin = { userId: ctx.adminId, headers: ctx.auth };
    const manager = { userId: ctx.ownerId, headers: ctx.managerAuth };
    const timelinePath = `/api/v1/timeline/contacts/${contact}?limit=50`;
    const inbox = async (who: typeof admin, label: string): Promise<Case> => ({
      name: `inbox first page, ${stored} messages stored (${label})`,
      request: { path: "/api/v1/conversations?limit=50", headers: who.headers },
      sql: await serviceFloor(
        ctx.pool,
        ctx.db,
        who.userId,
        (db, rctx) => listConversations(db, rctx, { limit: 50 }),
        { transaction: false },
      ),
      target: TARGET,
    });
    return [
      {
        name: `timeline of a contact with ${CONTACT_THREADS} e-mail threads, first page`,
        request: { path: timelinePath, headers: admin.headers },
        sql: await serviceFloor(
          ctx.pool,
          ctx.db,
          admin.userId,
          (db, rctx) => timeline(db, rctx, "contacts", contact, { limit: 50 }),
          { transaction: false },
        ),
        target: TARGET,
      },
      await inbox(admin, "mailbox owner"),
      await inbox(manager, "sales manager: threads of records they read"),
    ];
  },
};
