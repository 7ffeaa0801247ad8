import { type RawBuilder, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import { actorForUser } from "../../platform/records/actor.js";
import type { RecordLink } from "../../platform/records/links.js";
import { createTeam, createUser, type RoleKey } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertCompany, insertContact } from "../activities/test-records.js";
import { listThreads } from "./inbox-repository.js";
import type { ConversationListQuery } from "./schemas.js";
import { insertMailbox } from "./test-support.js";
import { threadVisible } from "./visibility.js";

/**
 * The inbox page is assembled from what the caller can see (their mailboxes, assigned threads, each readable
 * record's links) instead of walking every thread. It must list exactly what the plain rule lists — every
 * thread `threadVisible` admits, newest first — for every role, filter and page boundary: compared here against
 * that rule evaluated over the whole table.
 */
describe("conversations: inbox pages equal the visibility rule", () => {
  const t = useTestContext();
  const users: Record<string, string> = {};
  const mailboxes: Record<string, string> = {};
  const contacts: string[] = [];
  const companies: string[] = [];

  beforeAll(async () => {
    const teamA = await createTeam(t.db, "Inbox team A");
    const teamB = await createTeam(t.db, "Inbox team B");
    const make = async (key: string, roleKey: RoleKey, teamId: string | null) => {
      users[key] = (await createUser(t.db, { roleKey, teamId })).id;
    };
    await make("admin", "admin", null);
    await make("managerA", "sales_manager", teamA.id);
    await make("managerA2", "sales_manager", teamA.id);
    await make("managerB", "sales_manager", teamB.id);
    await make("support", "support_agent", teamA.id);
    await make("loner", "sales_manager", null);
    const owners = Object.values(users);
    mailboxes.personalA = await insertMailbox(t.db, t.deps.secrets, {
      ownerId: users.managerA,
      address: "a@inbox.test",
    });
    mailboxes.sharedA = await insertMailbox(t.db, t.deps.secrets, {
      address: "sales@inbox.test",
      grantTeamIds: [teamA.id],
    });
    mailboxes.admin = await insertMailbox(t.db, t.deps.secrets, {
      ownerId: users.admin,
      address: "boss@inbox.test",
    });
    mailboxes.ungranted = await insertMailbox(t.db, t.deps.secrets, { address: "support@inbox.test" });
    for (let i = 0; i < 30; i++) {
      const deleted = i % 10 === 9 ? { deleted_at: new Date() } : {};
      contacts.push(await insertContact(t.db, owners[i % owners.length] as string, deleted));
    }
    for (let i = 0; i < 8; i++)
      companies.push(await insertCompany(t.db, owners[(i * 3) % owners.length] as string));
    // 400 threads, deterministic: times with ties, 0–3 links (some unlinked), assignees, private flags, reads.
    await sql`
      with g as (
        select i, (array[${mailboxes.personalA}, ${mailboxes.sharedA}, ${mailboxes.admin}, ${mailboxes.ungranted}]::uuid[])[1 + (i * 7) % 4] as mb,
          timestamptz '2026-12-01 00:00Z' - make_interval(mins => (i / 3) * 5) as at
        from generate_series(1, 400) i
      )
      insert into mail_threads (mailbox_id, subject, subject_key, first_message_at, last_message_at, message_count,
        is_private, assignee_id)
      select mb, 'T' || i, 't' || i, at, at, 1, i % 11 = 0,
        case when i % 13 = 0 then (${sql.val(owners)}::uuid[])[1 + (i / 13) % ${owners.length}] end
      from g`.execute(t.db);
    await sql`
      with th as (select id, last_message_at, row_number() over (order by subject) as n from mail_threads),
      picks as (
        select th.id, th.last_message_at, th.n, k from th cross join generate_series(1, 3) k where (th.n * k) % 4 <> 0
      )
      insert into mail_thread_links (thread_id, entity, record_id, source, last_message_at, unlinked_at)
      select distinct on (id, entity, record_id) id, entity, record_id, 'address', last_message_at,
        case when (n + k) % 9 = 0 then now() end
      from (
        select p.*, case when k = 3 then 'companies' else 'contacts' end as entity,
          case when k = 3 then (${sql.val(companies)}::uuid[])[1 + (n * 5) % ${companies.length}]
            else (${sql.val(contacts)}::uuid[])[1 + (n * 7 + k * 11) % ${contacts.length}] end as record_id
        from picks p
      ) x`.execute(t.db);
    await sql`
      insert into mail_thread_reads (user_id, thread_id, read_through)
      select u, t.id, case when t.subject like '%5' then t.last_message_at - interval '1 minute' else t.last_message_at end
      from mail_threads t cross join unnest(${sql.val([users.managerA, users.admin])}::uuid[]) u
      where length(t.subject) % 2 = 0`.execute(t.db);
  });

  /** The rule itself over every thread (the query the inbox ran before). */
  async function expected(actor: Actor, q: Partial<ConversationListQuery>, record: RecordLink | null) {
    const where: RawBuilder<unknown>[] = [threadVisible(actor)];
    if (q.mailboxId) where.push(sql`t.mailbox_id = ${q.mailboxId}`);
    if (q.assigned === "me") where.push(sql`t.assignee_id = ${actor.userId}`);
    if (q.unread) where.push(sql`(r.read_through is null or r.read_through < t.last_message_at)`);
    const anyLink = sql`exists (select 1 from mail_thread_links x where x.thread_id = t.id and x.unlinked_at is null)`;
    if (q.linked === "true") where.push(anyLink);
    if (q.linked === "false") where.push(sql`not ${anyLink}`);
    if (record) {
      where.push(sql`exists (select 1 from mail_thread_links x where x.thread_id = t.id and x.unlinked_at is null
        and x.entity = ${record.entity} and x.record_id = ${record.id})`);
    }
    const rows = await sql<{ id: string }>`
      select t.id from mail_threads t
      left join mail_thread_reads r on r.thread_id = t.id and r.user_id = ${actor.userId}
      where ${sql.join(where, sql` and `)}
      order by t.last_message_at desc, t.id desc`.execute(t.db);
    return rows.rows.map((r) => r.id);
  }

  /** Every page of the inbox, following the cursors. */
  async function paged(actor: Actor, q: Partial<ConversationListQuery>, record: RecordLink | null) {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 200; i++) {
      const page = await listThreads(t.db, actor, { limit: 17, ...q, cursor }, record);
      ids.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error("too many pages");
  }

  it("admin, team-scoped managers, a mixed-scope role and a user without a team see the same threads, in the same order, on every page and filter", async () => {
    const filters: Partial<ConversationListQuery>[] = [
      {},
      { unread: "true" },
      { linked: "true" },
      { linked: "false" },
      { assigned: "me" },
      { mailboxId: mailboxes.sharedA },
      { mailboxId: mailboxes.ungranted, unread: "true" },
    ];
    let compared = 0;
    for (const [who, id] of Object.entries(users)) {
      const actor = await actorForUser(t.db, id);
      if (!actor) throw new Error(`no actor ${who}`);
      for (const q of filters) {
        const want = await expected(actor, q, null);
        expect(await paged(actor, q, null), `${who} ${JSON.stringify(q)}`).toEqual(want);
        compared += want.length;
      }
      for (const record of [
        { entity: "contacts", id: contacts[0] as string },
        { entity: "companies", id: companies[1] as string },
      ]) {
        const want = await expected(actor, {}, record);
        expect(await paged(actor, {}, record), `${who} ${record.entity}`).toEqual(want);
      }
    }
    // The data set exercises the rule: many threads listed, and the roles do not all see the same.
    expect(compared).toBeGreaterThan(1000);
    const seen = async (key: string) =>
      (await paged((await actorForUser(t.db, users[key] as string)) as Actor, {}, null)).length;
    const [admin, managerA, managerB, loner] = await Promise.all(
      ["admin", "managerA", "managerB", "loner"].map(seen),
    );
    expect(new Set([admin, managerA, managerB, loner]).size).toBe(4);
    expect(loner).toBeGreaterThan(0);
  });
});
