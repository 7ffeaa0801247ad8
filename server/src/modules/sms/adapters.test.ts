import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeFetch } from "../../platform/net/ssrf.js";
import { generic } from "./providers/generic.js";
import { mobizon } from "./providers/mobizon.js";
import { smsc } from "./providers/smsc.js";
import { smsRu } from "./providers/smsru.js";
import { twilio, twilioSignature } from "./providers/twilio.js";
import type { CallbackInput, Http } from "./providers/types.js";
import {
  type Double,
  mobizonDouble,
  smscDouble,
  smsRuDouble,
  TWILIO_SID,
  TWILIO_TOKEN,
  twilioDouble,
} from "./test-doubles.js";

const http: Http = (url, init) => safeFetch(url, { ...init, allow: ["127.0.0.1"] });
const req = {
  to: "+79123456789",
  text: "Привет",
  clientId: "7d6c3c1e-1111-4222-8333-944455556666",
  statusCallbackUrl: "https://crm.example.com/cb",
};
const cb = (p: Partial<CallbackInput>): CallbackInput => ({
  query: {},
  fields: {},
  json: null,
  headers: {},
  url: "",
  ...p,
});

describe("SMS provider adapters against local doubles", () => {
  let ru: Double;
  let sc: Double;
  let mz: Double;
  let tw: Double;
  beforeAll(async () => {
    [ru, sc, mz, tw] = await Promise.all([smsRuDouble(), smscDouble(), mobizonDouble(), twilioDouble()]);
  });
  afterAll(async () => {
    await Promise.all([ru, sc, mz, tw].map((d) => d.close()));
  });

  it("SMS.ru: sends with api_id/to/msg/json=1, reports bad keys and numbers, polls and parses data[] callbacks", async () => {
    const ok = await smsRu.send({ baseUrl: ru.url, sender: "Tandem" }, { apiKey: "good-key" }, req, http);
    expect(ok).toMatchObject({ ok: true, status: "sent" });
    const sent = ru.requests.at(-1);
    expect(sent?.method).toBe("POST");
    expect(sent?.path).toBe("/sms/send");
    expect(Object.fromEntries(sent?.form ?? [])).toMatchObject({
      api_id: "good-key",
      to: "79123456789",
      msg: "Привет",
      json: "1",
      from: "Tandem",
    });
    const bad = await smsRu.send({ baseUrl: ru.url }, { apiKey: "wrong" }, req, http);
    expect(bad).toMatchObject({
      ok: false,
      retriable: false,
      code: "smsru_200",
      message: "Неправильный api_id",
    });
    const badNumber = await smsRu.send(
      { baseUrl: ru.url },
      { apiKey: "good-key" },
      { ...req, to: "+123" },
      http,
    );
    expect(badNumber).toMatchObject({ ok: false, code: "smsru_202" });
    if (!ok.ok) throw new Error("unreachable");
    expect(
      await smsRu.poll?.({ baseUrl: ru.url }, { apiKey: "good-key" }, [ok.providerMessageId], http),
    ).toEqual([{ providerMessageId: ok.providerMessageId, status: "delivered", errorCode: null }]);
    ru.status = "104";
    expect(
      (await smsRu.poll?.({ baseUrl: ru.url }, { apiKey: "good-key" }, [ok.providerMessageId], http))?.[0]
        ?.status,
    ).toBe("failed");
    const parsed = smsRu.parseCallback(
      cb({
        fields: {
          "data[]": ["sms_status\n000000-1\n103\n1796510400", "sms_status\n000000-2\n105\n1796510400"],
        },
      }),
      {},
    );
    expect(parsed.updates).toEqual([
      { providerMessageId: "000000-1", status: "delivered", errorCode: null },
      { providerMessageId: "000000-2", status: "failed", errorCode: "105" },
    ]);
    expect(parsed.reply.body).toBe("100");
  });

  it("SMSC: sends fmt=3 with login/psw, maps error codes, polls status.php, parses callbacks and incoming SMS", async () => {
    const ok = await smsc.send({ baseUrl: sc.url }, { login: "crm", password: "secret" }, req, http);
    expect(ok).toMatchObject({ ok: true });
    const sent = sc.requests.at(-1);
    expect(sent?.path).toBe("/sys/send.php");
    expect(Object.fromEntries(sent?.form ?? [])).toMatchObject({
      login: "crm",
      psw: "secret",
      phones: "79123456789",
      mes: "Привет",
      fmt: "3",
      charset: "utf-8",
    });
    expect(await smsc.send({ baseUrl: sc.url }, { login: "crm", password: "nope" }, req, http)).toMatchObject(
      { ok: false, code: "smsc_2", message: "authorise error" },
    );
    expect(
      await smsc.send({ baseUrl: sc.url }, { login: "crm", password: "secret" }, { ...req, to: "+1" }, http),
    ).toMatchObject({ ok: false, code: "smsc_7" });
    if (!ok.ok) throw new Error("unreachable");
    expect(
      (
        await smsc.poll?.(
          { baseUrl: sc.url },
          { login: "crm", password: "secret" },
          [ok.providerMessageId],
          http,
        )
      )?.[0],
    ).toMatchObject({ status: "delivered" });
    const [id, phone] = ok.providerMessageId.split(":");
    const status = smsc.parseCallback(
      cb({ fields: { id: id ?? "", phone: phone ?? "", status: "20", err: "1" } }),
      {},
    );
    expect(status.updates).toEqual([
      { providerMessageId: ok.providerMessageId, status: "failed", errorCode: "1" },
    ]);
    const inbound = smsc.parseCallback(
      cb({ fields: { phone: "77011234567", mes: "Да, подходит", to: "7700", sms_id: "55" } }),
      {},
    );
    expect(inbound.inbound).toEqual([
      { from: "77011234567", to: "7700", text: "Да, подходит", providerMessageId: "55" },
    ]);
  });

  it("Mobizon: apiKey in the query, recipient/text form, code 0 success, errors, getsmsstatus", async () => {
    const ok = await mobizon.send(
      { baseUrl: mz.url },
      { apiKey: "kz-key" },
      { ...req, to: "+77011234567" },
      http,
    );
    expect(ok).toMatchObject({ ok: true });
    const sent = mz.requests.at(-1);
    expect(sent?.path).toBe("/service/message/sendsmsmessage");
    expect(sent?.query.get("apiKey")).toBe("kz-key");
    expect(Object.fromEntries(sent?.form ?? [])).toMatchObject({ recipient: "77011234567", text: "Привет" });
    expect(await mobizon.send({ baseUrl: mz.url }, { apiKey: "bad" }, req, http)).toMatchObject({
      ok: false,
      code: "mobizon_8",
    });
    expect(
      await mobizon.send({ baseUrl: mz.url }, { apiKey: "kz-key" }, { ...req, to: "+1" }, http),
    ).toMatchObject({ ok: false, code: "mobizon_1" });
    if (!ok.ok) throw new Error("unreachable");
    mz.status = "UNDELIV";
    expect(
      await mobizon.poll?.({ baseUrl: mz.url }, { apiKey: "kz-key" }, [ok.providerMessageId], http),
    ).toEqual([{ providerMessageId: ok.providerMessageId, status: "failed", errorCode: "UNDELIV" }]);
    mz.outage = 503;
    expect(await mobizon.send({ baseUrl: mz.url }, { apiKey: "kz-key" }, req, http)).toMatchObject({
      ok: false,
      retriable: true,
    });
    mz.outage = null;
  });

  it("Twilio: basic auth, To/From/Body/StatusCallback, 401 and 21211 errors, signed callbacks", async () => {
    const cfg = { baseUrl: tw.url, accountSid: TWILIO_SID, sender: "+15005550006" };
    const ok = await twilio.send(cfg, { authToken: TWILIO_TOKEN }, req, http);
    expect(ok).toMatchObject({ ok: true });
    const sent = tw.requests.at(-1);
    expect(sent?.path).toBe(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
    expect(Object.fromEntries(sent?.form ?? [])).toEqual({
      To: "+79123456789",
      From: "+15005550006",
      Body: "Привет",
      StatusCallback: "https://crm.example.com/cb",
    });
    expect(await twilio.send(cfg, { authToken: "wrong" }, req, http)).toMatchObject({
      ok: false,
      code: "twilio_20003",
      message: "Authenticate",
    });
    expect(await twilio.send(cfg, { authToken: TWILIO_TOKEN }, { ...req, to: "+1" }, http)).toMatchObject({
      ok: false,
      code: "twilio_21211",
    });
    if (!ok.ok) throw new Error("unreachable");
    expect(
      (await twilio.poll?.(cfg, { authToken: TWILIO_TOKEN }, [ok.providerMessageId], http))?.[0]?.status,
    ).toBe("delivered");
    // Twilio's documented example: URL + sorted params, HMAC-SHA1 with the auth token, base64.
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const params = {
      CallSid: "CA1234567890ABCDE",
      Caller: "+14158675309",
      Digits: "1234",
      From: "+14158675309",
      To: "+18005551212",
    };
    expect(twilioSignature("12345", url, params)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    const fields = { MessageSid: ok.providerMessageId, MessageStatus: "delivered", AccountSid: TWILIO_SID };
    const good = cb({
      url: "https://crm.example.com/cb",
      fields,
      headers: { "x-twilio-signature": twilioSignature(TWILIO_TOKEN, "https://crm.example.com/cb", fields) },
    });
    expect(twilio.verifySignature?.({ authToken: TWILIO_TOKEN }, good)).toBe(true);
    expect(
      twilio.verifySignature?.(
        { authToken: TWILIO_TOKEN },
        { ...good, fields: { ...fields, MessageStatus: "failed" } },
      ),
    ).toBe(false);
    expect(twilio.parseCallback(good, cfg).updates).toEqual([
      { providerMessageId: ok.providerMessageId, status: "delivered", errorCode: null },
    ]);
  });

  it("generic HTTP provider: templated URL/body, success mapping, id path, callback status map", async () => {
    const cfg = {
      sender: "CRM",
      generic: {
        method: "POST" as const,
        url: `${sc.url}/sys/send.php?login=crm&psw={{secret}}&fmt=3`,
        body: "phones={{to}}&mes={{text}}",
        contentType: "application/x-www-form-urlencoded" as const,
        idPath: "id",
        callbackIdField: "id",
        callbackStatusField: "status",
        statusMap: { "1": "delivered" as const, "20": "failed" as const },
      },
    };
    const ok = await generic.send(cfg, { secret: "secret" }, req, http);
    expect(ok).toMatchObject({ ok: true });
    expect(sc.requests.at(-1)?.form.get("mes")).toBe("Привет");
    const refused = await generic.send(
      { ...cfg, generic: { ...cfg.generic, successPath: "cnt", successValue: "1" } },
      { secret: "bad" },
      req,
      http,
    );
    expect(refused).toMatchObject({ ok: false, code: "provider_refused" });
    expect(generic.parseCallback(cb({ query: { id: "9", status: "1" } }), cfg).updates).toEqual([
      { providerMessageId: "9", status: "delivered", errorCode: null },
    ]);
  });

  it("refuses internal destinations without the allow-list", async () => {
    const strict: Http = (url, init) => safeFetch(url, { ...init, allow: [] });
    await expect(smsRu.send({ baseUrl: ru.url }, { apiKey: "good-key" }, req, strict)).rejects.toMatchObject({
      code: "unsafe_destination",
    });
    await expect(
      smsRu.send({ baseUrl: "http://169.254.169.254" }, { apiKey: "k" }, req, strict),
    ).rejects.toMatchObject({ code: "unsafe_destination" });
  });
});
