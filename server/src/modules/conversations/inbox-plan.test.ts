import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForUser } from "../../platform/records/actor.js";
import { createTeam, createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { useStatementPlans } from "../../test/statement-plans.js";
import { listThreads } from "./inbox-repository.js";
import { insertMailbox } from "./test-support.js";

/**
 * A sales manager reads mail only through their team's records. The inbox once walked every thread newest first
 * and tested each against the records (734 ms at 600k messages when the newest threads belonged to another team's
 * client), then probed each readable record's links (cost growing with the records the team reads); it now reads
 * one `mail_thread_links_owner_idx` range per team member (the record's owner is kept on its links). With 30,000
 * analysed threads whose newest 6,000 are another team's and 3,000 contacts, the planner shows which way it goes.
 */
describe("inbox plan", () => {
  const t = useTestContext();
  const plans = useStatementPlans(t);
  const { statements } = plans;
  let managerId: string;
  let adminId: string;

  beforeAll(async () => {
    const teamA = await createTeam(t.db, "Plan team A");
    const teamB = await createTeam(t.db, "Plan team B");
    managerId = (await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id })).id;
    const others = [];
    for (let i = 0; i < 8; i++) {
      others.push((await createUser(t.db, { teamId: i < 3 ? teamA.id : teamB.id })).id);
    }
    adminId = (await createUser(t.db, { roleKey: "admin" })).id;
    const owners = [managerId, ...others];
    const mailbox = await insertMailbox(t.db, t.deps.secrets, {
      ownerId: adminId,
      address: "plan@corp.test",
    });
    await sql`insert into contacts (name, first_name, last_name, owner_id)
      select 'Client ' || i, 'Client', 'N' || i, (${sql.val(owners)}::uuid[])[1 + i % ${owners.length}]
      from generate_series(1, 3000) i`.execute(t.db);
    const busy = others[7] as string; // team B's
    await sql`
      with th as (
        insert into mail_threads (mailbox_id, subject, subject_key, first_message_at, last_message_at, message_count)
        select ${mailbox}::uuid, 'Order ' || g, 'order ' || g, now() - make_interval(mins => g * 7),
          now() - make_interval(mins => g * 7), 1
        from generate_series(1, 30000) g
        returning id, last_message_at, subject
      ), c as (select array(select id from contacts order by id) as ids,
                      (select id from contacts where owner_id = ${busy} order by id limit 1) as busy)
      insert into mail_thread_links (thread_id, entity, record_id, source, last_message_at)
      select th.id, 'contacts',
        case when split_part(th.subject, ' ', 2)::int <= 6000 then c.busy
          else c.ids[1 + (hashtext(th.id::text) & 2047)] end,
        'address', th.last_message_at
      from th cross join c`.execute(t.db);
    await sql`analyze mail_threads, mail_thread_links, contacts, mailboxes`.execute(t.db);
  });

  async function plan(userId: string, q: Record<string, string> = {}) {
    const actor = await actorForUser(t.db, userId);
    if (!actor) throw new Error("no actor");
    statements.length = 0;
    const page = await listThreads(plans.db, actor, { limit: 50, ...q }, null);
    const [statement] = statements;
    if (!statement) throw new Error("no statement");
    // The captured statement with its own parameters: planned as the request's custom plan is.
    const res = await plans.explain(statement);
    return { page, text: res.join("\n") };
  }

  it("a team-scoped manager's inbox reads one link range per team member, never the records, threads or all links", async () => {
    for (const q of [{}, { unread: "true" }] as Record<string, string>[]) {
      const { page, text } = await plan(managerId, q);
      expect(page.rows.length).toBe(50);
      expect(text, JSON.stringify(q)).not.toMatch(/Seq Scan on mail_threads\b/);
      expect(text, JSON.stringify(q)).not.toMatch(/Seq Scan on mail_thread_links\b/);
      expect(text, JSON.stringify(q)).toMatch(/Index (Only )?Scan using mail_thread_links_owner_idx/);
      // Independent of how many records the team reads: contacts are read only by primary key, for the listed
      // threads' `restricted` flag — never a range of the team's records.
      const contactReads = text.split("\n").filter((line) => / on contacts\b/.test(line));
      expect(
        contactReads.every((line) => /Index Scan using contacts_pkey/.test(line)),
        JSON.stringify(q),
      ).toBe(true);
    }
  });

  it("an administrator's inbox (own mailbox, every record) reads index ranges too", async () => {
    const { page, text } = await plan(adminId);
    expect(page.rows.length).toBe(50);
    expect(text).not.toMatch(/Seq Scan on mail_threads\b/);
    expect(text).not.toMatch(/Seq Scan on mail_thread_links\b/);
  });
});
