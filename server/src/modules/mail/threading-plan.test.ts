import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { useStatementPlans } from "../../test/statement-plans.js";
import { insertMailbox } from "../conversations/test-support.js";
import type { Pending } from "./batch.js";
import { threadClues } from "./threading.js";

/**
 * A batch's threading clues (`threadClues`) are read in one statement. It was `mailbox_id = … and (message_id =
 * any(refs) or references && keys)`, planned as a walk of every message of the mailbox (or of the table) testing
 * each against the batch's keys — a batch cost more the more mail was stored. With 20,000 analysed messages in
 * two mailboxes, a 100-message batch must stay one index probe per key; the clues found are the same.
 */
describe("mail threading clues plan", () => {
  const t = useTestContext();
  const plans = useStatementPlans(t);
  const { statements } = plans;
  let mine: { id: string; address: string; username: string };

  beforeAll(async () => {
    const owner = (await createUser(t.db, {})).id;
    const ids: string[] = [];
    for (const address of ["plan-a@corp.test", "plan-b@corp.test"]) {
      ids.push(await insertMailbox(t.db, t.deps.secrets, { ownerId: owner, address }));
    }
    mine = { id: ids[0] as string, address: "plan-a@corp.test", username: "plan-a@corp.test" };
    // Each mailbox: 5,000 threads of two messages, the second replying to the first (`<m-N-1@x>` ← `<m-N-2@x>`).
    for (const [i, mailbox] of ids.entries()) {
      await sql`
        with th as (
          insert into mail_threads (mailbox_id, subject, subject_key, first_message_at, last_message_at, message_count)
          select ${mailbox}::uuid, 'Order ' || g, 'order ' || g, now() - make_interval(mins => g), now(), 2
          from generate_series(1, 5000) g returning id, subject
        )
        insert into mail_messages (mailbox_id, thread_id, message_id, "references", direction, subject, sent_at)
        select ${mailbox}::uuid, th.id, 'm-' || ${i} || '-' || split_part(th.subject, ' ', 2) || '-' || k || '@x',
          case when k = 2 then array['m-' || ${i} || '-' || split_part(th.subject, ' ', 2) || '-1@x'] else '{}' end,
          'in', th.subject, now()
        from th cross join generate_series(1, 2) k`.execute(t.db);
    }
    await sql`analyze mail_messages, mail_threads`.execute(t.db);
  });

  /** A batch of 100 new messages of mailbox 0: 50 replies to stored messages, 50 parents of stored replies. */
  const batch = () =>
    Array.from({ length: 100 }, (_, n) => {
      const reply = n < 50;
      return {
        item: { parsed: { messageId: reply ? `new-${n}@x` : `m-0-${n}-1@x` } },
        ancestors: reply ? [`m-0-${n + 1000}-2@x`] : [],
      } as unknown as Pending;
    });

  async function clues() {
    statements.length = 0;
    const result = await plans.db.transaction().execute((trx) => threadClues(trx, mine, batch()));
    const statement = statements.find((s) => /\bmail_messages\b/.test(s.sql));
    if (!statement) throw new Error("no statement");
    // The captured statement with its own parameters: planned as the batch's custom plan is.
    const res = await plans.explain(statement);
    return { result, plan: res.join("\n") };
  }

  it("probes the Message-ID index and the references GIN index once per key, never the mailbox's messages", async () => {
    const { plan } = await clues();
    expect(plan).not.toMatch(/Seq Scan on mail_messages\b/);
    expect(plan).toMatch(/Index Cond: \(\(mailbox_id = .*\) AND \(message_id = /);
    expect(plan).toMatch(/Bitmap Index Scan on mail_messages_references_gin/);
    // No scan of mail_messages bounded by the mailbox alone.
    expect(plan).not.toMatch(/Index Cond: \(mailbox_id = '[^']*'::uuid\)\n/);
  });

  it("finds the referenced messages' threads and the stored replies' threads of this mailbox only", async () => {
    const { result } = await clues();
    const thread = async (messageId: string) =>
      (
        await sql<{ thread_id: string }>`select thread_id from mail_messages
          where mailbox_id = ${mine.id} and message_id = ${messageId}`.execute(t.db)
      ).rows[0]?.thread_id;
    expect(result.threadOfId.size).toBe(50);
    expect(result.threadOfId.get("m-0-1000-2@x")).toBe(await thread("m-0-1000-2@x"));
    // Stored replies to the batch's 50 parents (and nothing of mailbox 1, whose IDs differ).
    expect(result.replyThreads.size).toBe(100); // + the referenced messages' own references
    expect([...(result.replyThreads.get("m-0-77-1@x") ?? [])]).toEqual([await thread("m-0-77-2@x")]);
    expect(result.refThreads.get("m-0-77-1@x")).toBe(await thread("m-0-77-2@x"));
  });
});
