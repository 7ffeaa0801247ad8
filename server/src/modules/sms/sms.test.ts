import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { pollStatuses, sendOne } from "./jobs.js";
import { twilioSignature } from "./providers/twilio.js";
import { type Double, smsRuDouble, TWILIO_SID, TWILIO_TOKEN, twilioDouble } from "./test-doubles.js";

describe("SMS API", () => {
  const t = useTestContext({
    env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1", PUBLIC_URL: "https://crm.example.com" },
  });
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let other: Record<string, string>;
  let ru: Double;
  let tw: Double;
  let providerId: string;
  let callbackUrl: string;
  let contactId: string;

  const post = (h: Record<string, string>, url: string, payload: unknown) =>
    t.app.inject({ method: "POST", url, headers: h, payload: payload as object });
  const contact = (h: Record<string, string>, extra: object) =>
    post(h, "/api/v1/contacts", { firstName: "Олег", language: "ru", ...extra });
  const sendJobs = async () => {
    const jobs = await t.jobs.boss.fetch<{ messageId: string }>("sms.send", { batchSize: 20 });
    for (const j of jobs) {
      await sendOne(t.deps, j.data.messageId);
      await t.jobs.boss.complete("sms.send", j.id);
    }
    return jobs.length;
  };

  beforeAll(async () => {
    [ru, tw] = await Promise.all([smsRuDouble(), twilioDouble()]);
    const a = await createUser(t.db, { roleKey: "admin" });
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    const o = await createUser(t.db, { roleKey: "sales_manager" });
    admin = await tokenHeaders(t.db, a.id);
    manager = await tokenHeaders(t.db, m.id);
    other = await tokenHeaders(t.db, o.id);
    const p = await post(admin, "/api/v1/sms-providers", {
      name: "SMS.ru",
      kind: "smsru",
      config: { baseUrl: ru.url, sender: "Tandem" },
      credentials: { apiKey: "good-key" },
      isDefault: true,
    });
    expect(p.statusCode, p.body).toBe(201);
    providerId = p.json().id;
    callbackUrl = p.json().callbackUrl;
    const c = await contact(manager, {
      phones: [{ kind: "mobile", raw: "+7 912 345-67-89" }],
      consent: { smsMarketing: { granted: true } },
    });
    expect(c.statusCode, c.body).toBe(201);
    contactId = c.json().id;
  });
  afterAll(async () => {
    await Promise.all([ru.close(), tw.close()]);
  });

  it("stores credentials sealed and never returns them; only admins manage providers", async () => {
    const row = await t.db
      .selectFrom("sms_providers")
      .selectAll()
      .where("id", "=", providerId)
      .executeTakeFirstOrThrow();
    expect(row.credentials_sealed).not.toContain("good-key");
    const got = await t.app.inject({
      method: "GET",
      url: `/api/v1/sms-providers/${providerId}`,
      headers: admin,
    });
    expect(got.body).not.toContain("good-key");
    expect(got.json()).toMatchObject({ credentialsSet: ["apiKey"], isDefault: true });
    expect(callbackUrl).toMatch(
      new RegExp(`^https://crm.example.com/api/v1/sms/callbacks/${providerId}/[\\w-]{20,}$`),
    );
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/sms-providers", headers: manager })).statusCode,
    ).toBe(403);
    const meta = await post(admin, "/api/v1/sms-providers", {
      name: "Metadata",
      kind: "smsru",
      config: { baseUrl: "http://169.254.169.254/latest" },
      credentials: { apiKey: "x" },
    });
    expect(meta.statusCode).toBe(422);
    expect(meta.json().code).toBe("unsafe_destination");
    const missing = await post(admin, "/api/v1/sms-providers", {
      name: "T",
      kind: "twilio",
      config: { accountSid: TWILIO_SID },
      credentials: {},
    });
    expect(missing.statusCode).toBe(422);
    const test = await post(admin, `/api/v1/sms-providers/${providerId}/test`, { to: "+79123456789" });
    expect(test.json()).toMatchObject({ ok: true });
  });

  it("answers a PATCH that sets nothing with the provider unchanged (it was a 500: an UPDATE without a column)", async () => {
    const url = `/api/v1/sms-providers/${providerId}`;
    const before = await t.app.inject({ method: "GET", url, headers: admin });
    const events = await t.db
      .selectFrom("change_events")
      .select("id")
      .where("entity_id", "=", providerId)
      .execute();
    const res = await t.app.inject({ method: "PATCH", url, headers: admin, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect((await t.app.inject({ method: "GET", url, headers: admin })).json()).toEqual(before.json());
    const after = await t.db
      .selectFrom("change_events")
      .select("id")
      .where("entity_id", "=", providerId)
      .execute();
    expect(after).toEqual(events);
  });

  it("sends through the job once, shows it on the timeline, and takes the delivery report", async () => {
    const res = await post(manager, "/api/v1/sms", { contactId, text: "Здравствуйте! Ваш заказ готов." });
    expect(res.statusCode, res.body).toBe(202);
    const msg = res.json();
    expect(msg).toMatchObject({ status: "queued", phone: "+79123456789", encoding: "ucs2", segments: 1 });
    const before = ru.requests.length;
    expect(await sendJobs()).toBe(1);
    // A duplicated or retried job never sends again.
    await sendOne(t.deps, msg.id);
    expect(ru.requests.filter((r) => r.path === "/sms/send").length).toBe(
      ru.requests.slice(0, before).filter((r) => r.path === "/sms/send").length + 1,
    );
    const row = await t.db
      .selectFrom("sms_messages")
      .selectAll()
      .where("id", "=", msg.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    const tl = await t.app.inject({
      method: "GET",
      url: `/api/v1/timeline/contacts/${contactId}`,
      headers: manager,
    });
    const item = tl.json().items.find((i: { kind: string }) => i.kind === "sms");
    expect(item).toMatchObject({ direction: "out", to: "+79123456789" });
    // Forged: wrong token → 403, nothing changes.
    const forged = await t.app.inject({
      method: "POST",
      url: `/api/v1/sms/callbacks/${providerId}/not-the-token`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ "data[]": `sms_status\n${row.provider_message_id}\n103\n1` }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect(
      (
        await t.db
          .selectFrom("sms_messages")
          .select("status")
          .where("id", "=", msg.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("sent");
    const real = await t.app.inject({
      method: "POST",
      url: new URL(callbackUrl).pathname,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ "data[]": `sms_status\n${row.provider_message_id}\n103\n1` }).toString(),
    });
    expect(real.statusCode, real.body).toBe(200);
    expect(real.body).toBe("100");
    const after = await t.db
      .selectFrom("sms_messages")
      .selectAll()
      .where("id", "=", msg.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe("delivered");
    const ev = await t.db
      .selectFrom("change_events")
      .select(["action"])
      .where("entity", "=", "sms")
      .where("entity_id", "=", msg.id)
      .execute();
    expect(ev.map((e) => e.action)).toEqual(["send", "status", "status", "status"]);
  });

  it("retries after a provider outage without sending twice, and polls for lost reports", async () => {
    const res = await post(manager, "/api/v1/sms", { contactId, text: "Retry me" });
    const id = res.json().id;
    ru.outage = 503;
    await expect(sendOne(t.deps, id)).rejects.toThrow();
    expect(
      await t.db
        .selectFrom("sms_messages")
        .select(["status", "error_code"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow(),
    ).toMatchObject({ status: "queued", error_code: "http_503" });
    ru.outage = null;
    await sendOne(t.deps, id);
    await sendOne(t.deps, id);
    await sendJobs();
    const sends = ru.requests.filter((r) => r.path === "/sms/send" && r.form.get("msg") === "Retry me");
    expect(sends.length).toBe(2); // the refused one (503) and the one that went through
    await t.db
      .updateTable("sms_messages")
      .set({ status_at: new Date(Date.now() - 120_000) })
      .where("id", "=", id)
      .execute();
    expect(await pollStatuses(t.deps)).toBeGreaterThanOrEqual(1);
    expect(
      (await t.db.selectFrom("sms_messages").select("status").where("id", "=", id).executeTakeFirstOrThrow())
        .status,
    ).toBe("delivered");
  });

  it("renders an SMS template against the contact", async () => {
    const tpl = await post(manager, "/api/v1/templates", {
      kind: "sms",
      name: "Hi",
      variants: {
        en: { body: "Hi {{ contact.firstName }}" },
        ru: { body: "Привет, {{ contact.firstName }}!" },
      },
    });
    const res = await post(manager, "/api/v1/sms", { contactId, templateId: tpl.json().id });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ text: "Привет, Олег!", encoding: "ucs2" });
    await sendJobs();
  });

  it("refuses contacts without a phone or consent, and others' contacts", async () => {
    const noPhone = await contact(manager, { consent: { smsMarketing: { granted: true } } });
    const r1 = await post(manager, "/api/v1/sms", { contactId: noPhone.json().id, text: "x" });
    expect(r1.statusCode).toBe(422);
    expect(r1.json().code).toBe("sms_no_phone");
    const refused = await contact(manager, {
      phones: [{ raw: "+79990001122" }],
      consent: { smsMarketing: { granted: false } },
    });
    const r2 = await post(manager, "/api/v1/sms", { contactId: refused.json().id, text: "x" });
    expect(r2.json().code).toBe("sms_consent_refused");
    const never = await contact(manager, { phones: [{ raw: "+79990001133" }] });
    const r3 = await post(manager, "/api/v1/sms", { contactId: never.json().id, text: "x" });
    expect(r3.json().code).toBe("sms_no_consent");
    const wrongPhone = await post(manager, "/api/v1/sms", { contactId, phone: "+79990000000", text: "x" });
    expect(wrongPhone.json().code).toBe("sms_phone_not_of_contact");
    const foreign = await post(other, "/api/v1/sms", { contactId, text: "x" });
    expect(foreign.statusCode).toBe(404);
    const empty = await post(manager, "/api/v1/sms", { contactId, text: "   " });
    expect(empty.json().code).toBe("sms_empty");
    const count = await t.db
      .selectFrom("sms_messages")
      .select(t.db.fn.countAll().as("n"))
      .where("contact_id", "in", [noPhone.json().id, refused.json().id, never.json().id])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("Twilio: signed status callbacks and inbound SMS linked to the contact by phone; forged signature refused", async () => {
    const p = await post(admin, "/api/v1/sms-providers", {
      name: "Twilio",
      kind: "twilio",
      config: { baseUrl: tw.url, accountSid: TWILIO_SID, sender: "+15005550006" },
      credentials: { authToken: TWILIO_TOKEN },
    });
    expect(p.statusCode, p.body).toBe(201);
    const url = p.json().callbackUrl as string;
    const res = await post(manager, "/api/v1/sms", { contactId, text: "Hello", providerId: p.json().id });
    await sendJobs();
    const row = await t.db
      .selectFrom("sms_messages")
      .selectAll()
      .where("id", "=", res.json().id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("sent");
    expect(tw.requests.at(-1)?.form.get("StatusCallback")).toBe(url);
    const fields = {
      MessageSid: row.provider_message_id ?? "",
      MessageStatus: "undelivered",
      ErrorCode: "30003",
      AccountSid: TWILIO_SID,
    };
    const body = new URLSearchParams(fields).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    const forged = await t.app.inject({
      method: "POST",
      url: new URL(url).pathname,
      headers: { ...headers, "x-twilio-signature": twilioSignature("wrong", url, fields) },
      payload: body,
    });
    expect(forged.statusCode).toBe(403);
    const unsigned = await t.app.inject({
      method: "POST",
      url: new URL(url).pathname,
      headers,
      payload: body,
    });
    expect(unsigned.statusCode).toBe(403);
    expect(
      (
        await t.db
          .selectFrom("sms_messages")
          .select("status")
          .where("id", "=", row.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("sent");
    const ok = await t.app.inject({
      method: "POST",
      url: new URL(url).pathname,
      headers: { ...headers, "x-twilio-signature": twilioSignature(TWILIO_TOKEN, url, fields) },
      payload: body,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(
      await t.db.selectFrom("sms_messages").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow(),
    ).toMatchObject({ status: "failed", error_code: "30003" });
    // Inbound from the contact's number.
    const inbound = {
      MessageSid: "SMinbound0001",
      From: "+79123456789",
      To: "+15005550006",
      Body: "Спасибо, получил",
      AccountSid: TWILIO_SID,
    };
    const ib = new URLSearchParams(inbound).toString();
    for (let i = 0; i < 2; i++) {
      const r = await t.app.inject({
        method: "POST",
        url: new URL(url).pathname,
        headers: { ...headers, "x-twilio-signature": twilioSignature(TWILIO_TOKEN, url, inbound) },
        payload: ib,
      });
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-type"]).toContain("text/xml");
    }
    const got = await t.db
      .selectFrom("sms_messages")
      .selectAll()
      .where("provider_message_id", "=", "SMinbound0001")
      .execute();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ direction: "in", contact_id: contactId, status: "received" });
    const tl = await t.app.inject({
      method: "GET",
      url: `/api/v1/timeline/contacts/${contactId}?kinds=sms`,
      headers: manager,
    });
    expect(
      tl
        .json()
        .items.some(
          (i: { direction: string; body: string }) => i.direction === "in" && i.body.includes("Спасибо"),
        ),
    ).toBe(true);
  });

  it("counts segments on the server", async () => {
    const r = await post(manager, "/api/v1/sms/segments", { text: "П".repeat(71) });
    expect(r.json()).toMatchObject({ encoding: "ucs2", segments: 2, perSegment: 67 });
  });
});
