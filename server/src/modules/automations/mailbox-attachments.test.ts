import { beforeAll, describe, expect, it } from "vitest";
import { useTestContext } from "../../test/harness.js";
import { insertMailbox } from "../conversations/test-support.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, type Fixture, fixture, runsOf, settle } from "./test-support.js";

/**
 * Files sent with a letter from the owner's mailbox: the triggering record's files (by name) and stored files by
 * reference, read as the rule's owner when the rule is saved and again when the step runs.
 */
describe("automation email attachments from the files store", () => {
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
        name: "Contract",
        defaultLanguage: "en",
        variants: { en: { subject: "Your contract, {{ contact.firstName }}", body: "<p>Attached.</p>" } },
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

  const upload = async (recordType: string, recordId: string, name: string) => {
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/files?recordType=${recordType}&recordId=${recordId}&name=${encodeURIComponent(name)}`,
      headers: { ...f.admin, "content-type": "application/octet-stream" },
      payload: Buffer.from(`bytes of ${name}`),
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const step = (attachments: object[], extra: object = {}) => ({
    id: "m",
    type: "sendEmail",
    templateId,
    to: { kind: "recordEmail" },
    mailboxId,
    attachments,
    ...extra,
  });
  const rule = (definitionSteps: object[]) =>
    createRule(t, f.admin, {
      entity: "contacts",
      name: "Send the contract",
      enabled: true,
      definition: { trigger: { kind: "fieldChanged", field: "position" }, steps: definitionSteps },
    });

  it("refuses at save files the owner cannot read, attachments without a mailbox; nothing saved", async () => {
    const before = await t.db.selectFrom("automation_rules").select("id").execute();
    const r = await rule([
      step([{ kind: "file", fileId: crypto.randomUUID() }]),
      { ...step([{ kind: "recordFiles" }], { mailboxId: undefined }), id: "n" },
    ]);
    expect(r.statusCode).toBe(422);
    expect(r.headers["content-type"]).toContain("application/problem+json");
    expect((r.json().errors as { field: string; code: string }[]).map((e) => `${e.field}:${e.code}`)).toEqual(
      [
        "definition.steps.0.attachments.0.fileId:file_not_found",
        "definition.steps.1.attachments:attachments_need_mailbox",
      ],
    );
    expect(await t.db.selectFrom("automation_rules").select("id").execute()).toHaveLength(before.length);
  });

  it("attaches the record's matching files and a stored file; a file gone by run time fails the step, nothing sent", async () => {
    const priceList = await upload("companies", f.companyId, "price-list.txt");
    const saved = await rule([
      step([
        { kind: "recordFiles", nameContains: "CONTRACT" },
        { kind: "file", fileId: priceList },
      ]),
    ]);
    expect(saved.statusCode, saved.body).toBe(201);
    const c = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: f.admin,
      payload: { firstName: "Ann", emails: [{ value: "ann@example.org" }] },
    });
    const contactId = c.json().id as string;
    await upload("contacts", contactId, "contract-2026.txt");
    await upload("contacts", contactId, "photo.txt");
    await settle(t);
    const job = (title: string) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/v1/contacts/${contactId}`,
        headers: f.admin,
        payload: { position: title },
      });
    expect((await job("CEO")).statusCode).toBe(200);
    await settle(t);
    const [run] = await runsOf(t, saved.json().rule.id);
    expect(run?.status, run?.error ?? "").toBe("succeeded");
    const files = await t.db
      .selectFrom("mail_attachments as a")
      .innerJoin("mail_messages as m", "m.id", "a.message_id")
      .select(["a.filename", "a.file_id"])
      .where("m.mailbox_id", "=", mailboxId)
      .orderBy("a.filename")
      .execute();
    expect(files.map((x) => x.filename)).toEqual(["contract-2026.txt", "price-list.txt"]);
    // The stored file is removed: the next run fails with the reason and queues no letter.
    const del = await t.app.inject({ method: "DELETE", url: `/api/v1/files/${priceList}`, headers: f.admin });
    expect(del.statusCode).toBe(204);
    expect((await job("CTO")).statusCode).toBe(200);
    await settle(t);
    const runs = await runsOf(t, saved.json().rule.id);
    expect(runs[1]?.status).toBe("failed");
    expect(runs[1]?.error).toContain("may not read an attached file");
    const letters = await t.db
      .selectFrom("mail_messages")
      .select("id")
      .where("mailbox_id", "=", mailboxId)
      .execute();
    expect(letters).toHaveLength(1);
  });
});
