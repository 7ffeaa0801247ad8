import { simpleParser } from "mailparser";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobStore } from "../../platform/files/blobs.js";
import { dovecotAvailable, type MailRig, startMailRig } from "../../test/dovecot.js";
import { useTestContext } from "../../test/harness.js";
import { mappedCharacters } from "../../test/pdf-text.js";
import { type SendDeps, sendOne } from "../conversations/send-job.js";
import { insertMailbox } from "../conversations/test-support.js";
import { loadDocumentLibraries } from "../reports/documents.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, deleteRule, type Fixture, fixture, runsOf, settle } from "./test-support.js";

const SALES = "sales@corp.test";
const CLIENT = "ann@client.test";

/**
 * A document generated from a template for the record goes with the rule's letter: the template rendered as the
 * owner for the contact, made a PDF named by its subject, sent over SMTP (the Dovecot rig's server) as an
 * attachment; templates the owner may not use, or of the wrong kind, are refused at save.
 */
describe.skipIf(!dovecotAvailable())("automation email with a generated document", () => {
  const t = useTestContext({ env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1" } });
  let rig: MailRig;
  let f: Fixture;
  let mailboxId: string;
  const templates: Record<string, string> = {};

  const template = async (name: string, kind: "email" | "sms", en: object) => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/templates",
      headers: f.admin,
      payload: { kind, name, defaultLanguage: "en", variants: { en } },
    });
    expect(r.statusCode, r.body).toBe(201);
    templates[name] = r.json().id as string;
  };
  const sendEmail = (attachments: object[]) => ({
    id: "m",
    type: "sendEmail",
    templateId: templates.Letter,
    to: { kind: "recordEmail" },
    mailboxId,
    attachments,
  });
  const rule = (attachments: object[]) =>
    createRule(t, f.admin, {
      entity: "contacts",
      name: "Send the contract",
      enabled: true,
      definition: { trigger: { kind: "recordCreated" }, steps: [sendEmail(attachments)] },
    });

  beforeAll(async () => {
    await loadDocumentLibraries();
    rig = await startMailRig({
      users: [
        { user: SALES, password: "sales-pw" },
        { user: CLIENT, password: "client-pw" },
      ],
    });
    f = await fixture(t);
    await template("Letter", "email", { subject: "Your contract", body: "<p>Please find it attached.</p>" });
    await template("Contract", "email", {
      subject: "Contract for {{ contact.firstName }} {{ contact.lastName }}",
      body: "<p>Between Tandem and {{ contact.firstName }} {{ contact.lastName }}.</p><p>Договор № 7, Ђурђевдан</p>",
    });
    await template("Reminder", "sms", { body: "Hi {{ contact.firstName }}" });
    mailboxId = await insertMailbox(t.db, t.deps.secrets, {
      ownerId: f.adminId,
      address: SALES,
      smtpPort: rig.smtpPort,
      imapPort: rig.imapPort,
      password: "sales-pw",
    });
    await t.relay.drain(AUTOMATION_CONSUMER);
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it("refuses a document from a template the owner may not use or that is not an email template", async () => {
    const r = await rule([
      { kind: "document", templateId: crypto.randomUUID() },
      { kind: "document", templateId: templates.Reminder },
    ]);
    expect(r.statusCode).toBe(422);
    expect((r.json().errors as { field: string; code: string }[]).map((e) => `${e.field}:${e.code}`)).toEqual(
      [
        "definition.steps.0.attachments.0.templateId:unknown_template",
        "definition.steps.0.attachments.1.templateId:template_kind_mismatch",
      ],
    );
  });

  it("sends the letter with the PDF rendered for the contact attached, named by its subject", async () => {
    const saved = await rule([{ kind: "document", templateId: templates.Contract }]);
    expect(saved.statusCode, saved.body).toBe(201);
    const c = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: f.admin,
      payload: { firstName: "Ann", lastName: "Lee", emails: [{ value: CLIENT }] },
    });
    expect(c.statusCode, c.body).toBe(201);
    await settle(t);
    const [run] = await runsOf(t, saved.json().rule.id);
    expect(run?.status, run?.error ?? "").toBe("succeeded");
    await deleteRule(t, f.admin, saved.json().rule.id);

    const letter = await t.db
      .selectFrom("mail_messages")
      .select(["id", "send_status"])
      .where("mailbox_id", "=", mailboxId)
      .executeTakeFirstOrThrow();
    expect(letter.send_status).toBe("queued");
    const store = blobStore(t.deps.config);
    const deps: SendDeps = {
      db: t.db,
      secrets: t.deps.secrets,
      allow: ["127.0.0.1"],
      openBlob: (sha) => store.get(sha),
    };
    await sendOne(deps, letter.id, pino({ level: "silent" }));
    expect(rig.smtpReceived).toHaveLength(1);
    expect(rig.smtpReceived[0]?.to).toEqual([CLIENT]);
    const mail = await simpleParser(rig.smtpReceived[0]?.raw ?? Buffer.alloc(0));
    expect(mail.subject).toBe("Your contract");
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["Contract for Ann Lee.pdf", "application/pdf"],
    ]);
    const pdf = mail.attachments[0]?.content as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // The document's Title (an indirect string object in its Info dictionary).
    const text = pdf.toString("latin1");
    const titleRef = /\/Title (\d+) 0 R/.exec(text)?.[1];
    expect(text).toContain(`${titleRef} 0 obj\n(Contract for Ann Lee)\nendobj`);
    // Every letter of the rendered text (Cyrillic too) is in the embedded font: the text was laid out.
    const chars = mappedCharacters(pdf);
    for (const ch of "BetweenTandmAnLe.Договр№7,Ђурђевдан") expect(chars, ch).toContain(ch);
  });
});
