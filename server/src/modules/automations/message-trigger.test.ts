import { beforeAll, describe, expect, it } from "vitest";
import { recordChange } from "../../platform/events/outbox.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, type Fixture, fixture, redeliver, runsOf, settle } from "./test-support.js";

describe("a trigger contributed by the mail module: a message received, for the records it is linked to", () => {
  const t = useTestContext();
  let f: Fixture;

  beforeAll(async () => {
    f = await fixture(t);
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
  /** The event the mail sync writes for a synced message (modules/mail/ingest.ts). */
  const message = (direction: "in" | "out", links: { entity: string; id: string }[]) =>
    t.db.transaction().execute((trx) =>
      recordChange(trx, { actorId: null }, [
        {
          entity: "mailMessages",
          entityId: crypto.randomUUID(),
          action: "receive",
          changes: {
            mailboxId: crypto.randomUUID(),
            threadId: crypto.randomUUID(),
            messageId: `<${crypto.randomUUID()}@example.com>`,
            subject: "Question",
            from: [{ name: "Ann", address: "ann@example.com" }],
            to: [{ name: "", address: "sales@example.com" }],
            sentAt: new Date().toISOString(),
            direction,
            links,
          },
        },
      ] as never),
    );

  it("creates a reply task for each linked contact, once; outgoing letters and other entities' links start nothing", async () => {
    const rule = await createRule(t, f.admin, {
      entity: "contacts",
      name: "Reply",
      enabled: true,
      definition: {
        trigger: { kind: "messageReceived" },
        steps: [
          {
            id: "t",
            type: "createTask",
            title: "Reply to {{record.firstName}}",
            assignee: { kind: "ruleOwner" },
          },
        ],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const ann = await contact("Ann");
    const bob = await contact("Bob");
    await message("in", [
      { entity: "contacts", id: ann },
      { entity: "companies", id: f.companyId },
    ]);
    await message("out", [{ entity: "contacts", id: bob }]);
    await settle(t);
    await redeliver(t);
    const runs = await runsOf(t, rule.json().rule.id);
    expect(runs.map((r) => [r.entity, r.record_id, r.status])).toEqual([["contacts", ann, "succeeded"]]);
    const tasks = await t.db
      .selectFrom("tasks")
      .select("title")
      .where("title", "like", "Reply to%")
      .execute();
    expect(tasks.map((x) => x.title)).toEqual(["Reply to Ann"]);
  });

  it("is offered for entities whose timelines show mail, not for tasks", async () => {
    const r = await createRule(t, f.admin, {
      entity: "tasks",
      name: "No",
      definition: {
        trigger: { kind: "messageReceived" },
        steps: [{ id: "t", type: "createTask", title: "x", assignee: { kind: "ruleOwner" } }],
      },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().errors).toEqual([expect.objectContaining({ code: "trigger_not_available" })]);
    const deals = await t.app.inject({
      method: "GET",
      url: "/api/v1/automations/catalog?entity=deals",
      headers: f.admin,
    });
    expect(deals.json().triggers).toContainEqual({
      kind: "messageReceived",
      source: "event",
      module: "mailboxes",
    });
  });
});
