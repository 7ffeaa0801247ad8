import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "../../platform/mail/mailer.js";
import { MAIL_JOB, type MailJobData, mailJob } from "../../platform/mail/queue.js";
import { useTestContext } from "../../test/harness.js";
import { sendOne } from "../sms/jobs.js";
import { type Double, smsRuDouble } from "../sms/test-doubles.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, type Fixture, fixture, redeliver, runsOf, settle } from "./test-support.js";

describe("automation message steps (send SMS / email from a template)", () => {
  const t = useTestContext({
    env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1", PUBLIC_URL: "https://crm.example.com" },
  });
  let f: Fixture;
  let ru: Double;
  let smsTpl: string;
  let mailTpl: string;
  let dealTpl: string;
  const post = (url: string, payload: object) =>
    t.app.inject({ method: "POST", url, headers: f.admin, payload });
  const contact = async (extra: object) => {
    const r = await post("/api/v1/contacts", {
      firstName: "Олег",
      lastName: "Петров",
      language: "ru",
      ...extra,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const smsJobs = async () => {
    const jobs = await t.jobs.boss.fetch<{ messageId: string }>("sms.send", { batchSize: 20 });
    for (const j of jobs) {
      await sendOne(t.deps, j.data.messageId);
      await t.jobs.boss.complete("sms.send", j.id);
    }
    return jobs.length;
  };
  const stepsOf = (runId: string) =>
    t.db.selectFrom("automation_run_steps").selectAll().where("run_id", "=", runId).orderBy("id").execute();

  beforeAll(async () => {
    f = await fixture(t);
    ru = await smsRuDouble();
    const p = await post("/api/v1/sms-providers", {
      name: "SMS.ru",
      kind: "smsru",
      config: { baseUrl: ru.url, sender: "Tandem" },
      credentials: { apiKey: "good-key" },
      isDefault: true,
    });
    expect(p.statusCode, p.body).toBe(201);
    const tpl = async (body: object) => {
      const r = await post("/api/v1/templates", body);
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    smsTpl = await tpl({
      kind: "sms",
      name: "Hello SMS",
      defaultLanguage: "en",
      variants: {
        en: { body: "Hi {{ contact.firstName }}" },
        ru: { body: "Привет, {{ contact.firstName }}" },
      },
    });
    mailTpl = await tpl({
      kind: "email",
      name: "Welcome",
      defaultLanguage: "en",
      variants: {
        en: { subject: "Welcome {{ contact.firstName }}", body: "<p>Hello {{ contact.lastName }}</p>" },
        ru: {
          subject: "Добро пожаловать, {{ contact.firstName }}",
          body: "<p>Здравствуйте, {{ contact.lastName }}</p>",
        },
      },
    });
    dealTpl = await tpl({ kind: "sms", name: "Deal", variants: { en: { body: "Deal {{ deal.title }}" } } });
    await t.relay.drain(AUTOMATION_CONSUMER);
  });
  afterAll(async () => {
    await ru.close();
  });

  it("refuses at save: unknown template, wrong kind, variables of another entity, records without a contact", async () => {
    const codes = async (entity: string, step: object) => {
      const r = await createRule(t, f.admin, {
        entity,
        name: "Bad",
        definition: { trigger: { kind: "recordCreated" }, steps: [step] },
      });
      expect(r.statusCode, r.body).toBe(422);
      return r.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    };
    const sms = (templateId: string) => ({
      id: "s",
      type: "sendSms",
      templateId,
      to: { kind: "recordPhone" },
    });
    expect(await codes("contacts", sms(crypto.randomUUID()))).toEqual([
      "definition.steps.0.templateId:unknown_template",
    ]);
    expect(await codes("contacts", sms(mailTpl))).toEqual([
      "definition.steps.0.templateId:template_kind_mismatch",
    ]);
    expect(await codes("contacts", sms(dealTpl))).toEqual(["definition.steps.0.templateId:unknown_variable"]);
    expect(await codes("companies", sms(smsTpl))).toContain("definition.steps.0.to:no_contact_field");
  });

  it("sends an SMS once per run and step, even when the event is redelivered; dry run only renders", async () => {
    const res = await createRule(t, f.admin, {
      entity: "contacts",
      name: "Greet by SMS",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [{ id: "s", type: "sendSms", templateId: smsTpl, to: { kind: "recordPhone" } }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const rule = res.json().rule;
    const id = await contact({
      phones: [{ kind: "mobile", raw: "+7 912 345-67-89" }],
      consent: { smsMarketing: { granted: true } },
    });
    const dry = await post(`/api/v1/automations/${rule.id}/test`, { recordId: id });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().steps[0].wouldDo).toBe("Send SMS: «Привет, Олег»");
    expect(
      await t.db.selectFrom("sms_messages").select("id").where("contact_id", "=", id).execute(),
    ).toHaveLength(0);
    await settle(t);
    await redeliver(t);
    const runs = await runsOf(t, rule.id);
    expect(runs.map((r) => r.status)).toEqual(["succeeded"]);
    const msgs = await t.db.selectFrom("sms_messages").selectAll().where("contact_id", "=", id).execute();
    expect(msgs.map((m) => [m.phone, m.body])).toEqual([["+79123456789", "Привет, Олег"]]);
    const before = ru.requests.length;
    expect(await smsJobs()).toBe(1);
    expect(ru.requests.length - before).toBe(1);
    expect(ru.requests.at(-1)?.form.get("msg") ?? ru.requests.at(-1)?.query.get("msg")).toBe("Привет, Олег");
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${rule.id}`, headers: f.admin });
  });

  it("fails the step with the SMS module's reason when the contact has no consent; nothing is sent", async () => {
    const res = await createRule(t, f.admin, {
      entity: "contacts",
      name: "Greet by SMS (no consent)",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [{ id: "s", type: "sendSms", templateId: smsTpl, to: { kind: "recordPhone" } }],
      },
    });
    const rule = res.json().rule;
    const id = await contact({
      phones: [{ kind: "mobile", raw: "+7 912 000-00-01" }],
      consent: { smsMarketing: { granted: false } },
    });
    await settle(t);
    const [run] = await runsOf(t, rule.id);
    expect(run?.status).toBe("failed");
    const steps = await stepsOf(run?.id as string);
    expect(steps.map((s) => [s.step_id, s.status])).toEqual([["s", "failed"]]);
    expect(steps[0]?.error).toContain("asked not to receive SMS");
    expect(
      await t.db.selectFrom("sms_messages").select("id").where("contact_id", "=", id).execute(),
    ).toHaveLength(0);
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${rule.id}`, headers: f.admin });
  });

  it("sends an email in the contact's language through the mail queue, once; dry run shows the letter", async () => {
    const res = await createRule(t, f.admin, {
      entity: "contacts",
      name: "Welcome letter",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [{ id: "m", type: "sendEmail", templateId: mailTpl, to: { kind: "recordEmail" } }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const rule = res.json().rule;
    const before = await t.jobs.boss.fetch<MailJobData>(MAIL_JOB, { batchSize: 100 });
    for (const j of before) await t.jobs.boss.complete(MAIL_JOB, j.id);
    const id = await contact({ emails: [{ value: "oleg@example.ru" }] });
    const dry = await post(`/api/v1/automations/${rule.id}/test`, { recordId: id });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().steps[0].wouldDo).toBe("Send email to oleg@example.ru: «Добро пожаловать, Олег»");
    await settle(t);
    await redeliver(t);
    // Redelivery also replays earlier tests' contacts (no email: their runs fail); this contact's run is one.
    const runs = (await runsOf(t, rule.id)).filter((r) => r.record_id === id);
    expect(runs.map((r) => r.status)).toEqual(["succeeded"]);
    const jobs = await t.jobs.boss.fetch<MailJobData>(MAIL_JOB, { batchSize: 100 });
    const mine = jobs.filter((j) => j.data.to === "oleg@example.ru");
    expect(mine).toHaveLength(1);
    const data = mine[0]?.data as Extract<MailJobData, { rendered: unknown }>;
    expect(data.rendered.subject).toBe("Добро пожаловать, Олег");
    expect(data.rendered.html).toContain("Здравствуйте, Петров");
    // The system mailer's job sends it (json transport: the rendered MIME message, no network).
    const mailer = createMailer({ SMTP_URL: "json:", MAIL_FROM: "CRM <crm@example.com>" });
    const sent: unknown[] = [];
    const orig = mailer.send.bind(mailer);
    mailer.send = async (m, log) => {
      sent.push(m);
      return orig(m, log);
    };
    await mailJob(mailer).handler(mine as never, { log: t.app.log } as never);
    expect(sent).toHaveLength(1);
    for (const j of jobs) await t.jobs.boss.complete(MAIL_JOB, j.id);
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${rule.id}`, headers: f.admin });
  });
});
