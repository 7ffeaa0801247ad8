import { beforeAll, describe, expect, it } from "vitest";
import { recordChange } from "../../platform/events/outbox.js";
import { useTestContext } from "../../test/harness.js";
import { insertMailbox, insertReceivedThread } from "../conversations/test-support.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, type Fixture, fixture, runsOf, settle } from "./test-support.js";

/** "A message was received" gives its runs `{{message.*}}`: in step texts, in typed conditions, in the catalog. */
describe("message variables of the mail trigger", () => {
  const t = useTestContext();
  let f: Fixture;
  let mailboxId: string;

  beforeAll(async () => {
    f = await fixture(t);
    mailboxId = await insertMailbox(t.db, t.deps.secrets, {
      ownerId: f.adminId,
      address: "sales@example.com",
    });
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  const contact = async (firstName: string) => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: f.admin,
      payload: { firstName },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };

  /** A stored received letter and the event the mail sync writes for it (modules/mail/ingest.ts). */
  const receive = async (input: {
    subject: string;
    text: string;
    contactId: string;
    attachment?: boolean;
  }) => {
    const links = [
      { entity: "contacts", id: input.contactId },
      { entity: "companies", id: f.companyId },
    ];
    const m = await insertReceivedThread(t.db, mailboxId, {
      subject: input.subject,
      text: input.text,
      from: "ann@client.example",
      to: "sales@example.com",
      links,
    });
    if (input.attachment)
      await t.db
        .insertInto("mail_attachments")
        .values({ message_id: m.messageId, position: 0, filename: "order.pdf", inline: false })
        .execute();
    await t.db.transaction().execute((trx) =>
      recordChange(trx, { actorId: null }, [
        {
          entity: "mailMessages",
          entityId: m.messageId,
          action: "receive",
          changes: {
            mailboxId,
            threadId: m.threadId,
            messageId: `<${crypto.randomUUID()}@client.example>`,
            subject: input.subject,
            from: [{ name: "Client", address: "ann@client.example" }],
            to: [{ name: "", address: "sales@example.com" }],
            sentAt: new Date().toISOString(),
            direction: "in",
            links,
          },
        },
      ] as never),
    );
  };

  it("puts the message's fields into step texts and tests them in typed conditions", async () => {
    const rule = await createRule(t, f.admin, {
      entity: "contacts",
      name: "Orders by mail",
      enabled: true,
      definition: {
        trigger: { kind: "messageReceived" },
        conditions: {
          variables: [
            { variable: "message.subject", op: "contains", value: "ORDER" },
            { variable: "message.hasAttachments", op: "isTrue" },
            { variable: "message.from", op: "endsWith", value: "@client.example" },
          ],
        },
        steps: [
          {
            id: "t",
            type: "createTask",
            title: "Order from {{message.from}}: {{message.subject}} ({{message.mailbox}})",
            description: "{{message.body}}|{{message.linked.companies}}|{{message.hasAttachments}}",
            assignee: { kind: "ruleOwner" },
          },
        ],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const ann = await contact("Ann");
    await receive({ subject: "New order 42", text: "Please ship 3 pumps", contactId: ann, attachment: true });
    // Not an order; an order without an attachment: conditions not met.
    await receive({ subject: "Hello", text: "Just saying hi", contactId: ann, attachment: true });
    await receive({ subject: "Order 43", text: "No file", contactId: ann });
    await settle(t);
    const runs = await runsOf(t, rule.json().rule.id);
    expect(runs.map((r) => `${r.status}:${r.reason ?? ""}`).sort()).toEqual([
      "stopped:conditions_not_met",
      "stopped:conditions_not_met",
      "succeeded:",
    ]);
    const tasks = await t.db
      .selectFrom("tasks")
      .select(["title", "description"])
      .where("title", "like", "Order from%")
      .execute();
    expect(tasks).toEqual([
      {
        title: "Order from ann@client.example: New order 42 (sales@example.com)",
        description: expect.stringMatching(new RegExp(`^Please ship 3 pumps[^|]*\\|${f.companyId}\\|true$`)),
      },
    ]);
    await t.app.inject({
      method: "DELETE",
      url: `/api/v1/automations/${rule.json().rule.id}`,
      headers: f.admin,
    });
  });

  it("test run: the given message variables decide the conditions and fill the texts", async () => {
    const rule = await createRule(t, f.admin, {
      entity: "contacts",
      name: "Dry mail",
      definition: {
        trigger: { kind: "messageReceived" },
        conditions: { variables: [{ variable: "message.subject", op: "startsWith", value: "re:" }] },
        steps: [
          {
            id: "t",
            type: "createTask",
            title: "Answer {{message.fromName}}",
            assignee: { kind: "ruleOwner" },
          },
        ],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const test = (subject: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/automations/${rule.json().rule.id}/test`,
        headers: f.admin,
        payload: { variables: { message: { subject, fromName: "Ann" } } },
      });
    const yes = await test("RE: prices");
    expect(yes.statusCode, yes.body).toBe(200);
    expect(yes.json().conditionsMet).toBe(true);
    expect(yes.json().steps[0].wouldDo).toContain("Answer Ann");
    expect((await test("Prices")).json().conditionsMet).toBe(false);
  });

  it("lists the message variables in the catalog, typed and labelled in each language", async () => {
    const get = async (language: string) => {
      const r = await t.app.inject({
        method: "GET",
        url: `/api/v1/automations/catalog?entity=deals&language=${language}`,
        headers: f.admin,
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as {
        variables: {
          name: string;
          type: string;
          label: string | null;
          group: string;
          triggers: string[] | null;
        }[];
        operators: Record<string, string[]>;
      };
    };
    const en = await get("en");
    const byName = Object.fromEntries(en.variables.map((v) => [v.name, v]));
    expect(byName["message.subject"]).toEqual({
      name: "message.subject",
      type: "text",
      label: "Subject",
      group: "trigger",
      triggers: ["messageReceived"],
    });
    expect(byName["message.from"]?.type).toBe("email");
    expect(byName["message.hasAttachments"]?.type).toBe("boolean");
    expect(byName["message.body"]?.type).toBe("text");
    expect(byName["message.snippet"]?.type).toBe("text");
    expect(byName["message.mailbox"]?.type).toBe("email");
    expect(byName["message.linked.contacts"]).toMatchObject({ type: "id", entity: "contacts" });
    expect(byName["message.linked.deals"]?.label).toBe("Linked: Deal");
    expect(byName["record.title"]).toMatchObject({ group: "record", triggers: null });
    expect(en.operators.boolean).toEqual(["isTrue", "isFalse"]);
    const labels: Record<string, string | null | undefined> = {};
    for (const lang of ["ru", "sr", "kk"])
      labels[lang] = (await get(lang)).variables.find((v) => v.name === "message.hasAttachments")?.label;
    labels["sr-Latn"] = (await get("sr-Latn")).variables.find(
      (v) => v.name === "message.hasAttachments",
    )?.label;
    expect(labels).toEqual({
      ru: "Есть вложения",
      sr: "Има прилоге",
      kk: "Тіркемелері бар",
      "sr-Latn": "Ima priloge",
    });
    const bad = await t.app.inject({
      method: "GET",
      url: "/api/v1/automations/catalog?entity=deals&language=xx",
      headers: f.admin,
    });
    expect(bad.statusCode).toBe(422);
    // Tasks have no mail trigger, so no message variables.
    const tasks = await t.app.inject({
      method: "GET",
      url: "/api/v1/automations/catalog?entity=tasks",
      headers: f.admin,
    });
    expect(tasks.json().variables.some((v: { name: string }) => v.name.startsWith("message."))).toBe(false);
  });
});
