import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertMailbox } from "../conversations/test-support.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, type Fixture, fixture, redeliver, runsOf, settle } from "./test-support.js";

describe("automation email step through the owner's mailbox (conversations' send path)", () => {
  const t = useTestContext();
  let f: Fixture;
  let templateId: string;
  let mailboxId: string;

  beforeAll(async () => {
    f = await fixture(t);
    const tpl = await t.app.inject({
      method: "POST",
      url: "/api/v1/templates",
      headers: f.admin,
      payload: {
        kind: "email",
        name: "Welcome",
        defaultLanguage: "en",
        variants: {
          en: { subject: "Welcome {{ contact.firstName }}", body: "<p>Hello {{ contact.lastName }}</p>" },
        },
      },
    });
    expect(tpl.statusCode, tpl.body).toBe(201);
    templateId = tpl.json().id;
    mailboxId = await insertMailbox(t.db, t.deps.secrets, {
      ownerId: f.adminId,
      address: "sales@example.com",
    });
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  it("queues one letter from the mailbox on a thread linked to the contact, even when the event is redelivered", async () => {
    const rule = await createRule(t, f.admin, {
      entity: "contacts",
      name: "Welcome from my mailbox",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [{ id: "m", type: "sendEmail", templateId, to: { kind: "recordEmail" }, mailboxId }],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const c = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: f.admin,
      payload: { firstName: "Ann", lastName: "Lee", emails: [{ value: "ann@example.org" }] },
    });
    expect(c.statusCode, c.body).toBe(201);
    const contactId = c.json().id as string;
    await settle(t);
    await redeliver(t);
    const [run] = await runsOf(t, rule.json().rule.id);
    expect(run?.status).toBe("succeeded");
    const messages = await t.db
      .selectFrom("mail_messages")
      .select(["id", "thread_id", "subject", "send_status", "to", "mailbox_id"])
      .where("mailbox_id", "=", mailboxId)
      .execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      subject: "Welcome Ann",
      send_status: "queued",
      mailbox_id: mailboxId,
    });
    expect(JSON.stringify(messages[0]?.to)).toContain("ann@example.org");
    const links = await t.db
      .selectFrom("mail_thread_links")
      .select(["entity", "record_id"])
      .where("thread_id", "=", messages[0]?.thread_id as string)
      .execute();
    expect(links).toContainEqual({ entity: "contacts", record_id: contactId });
    const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
      where name = 'conversations.send' and data->>'messageId' = ${messages[0]?.id as string}`.execute(t.db);
    expect(jobs.rows[0]?.n).toBe(1);
  });

  it("refuses at save a mailbox the owner may not send from", async () => {
    const other = await createUser(t.db, { roleKey: "admin" });
    const foreign = await insertMailbox(t.db, t.deps.secrets, {
      ownerId: other.id,
      address: "other@example.com",
    });
    const r = await createRule(t, f.admin, {
      entity: "contacts",
      name: "Not mine",
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [{ id: "m", type: "sendEmail", templateId, to: { kind: "recordEmail" }, mailboxId: foreign }],
      },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().errors).toEqual([
      expect.objectContaining({ field: "definition.steps.0.mailboxId", code: "mailbox_not_found" }),
    ]);
  });
});
