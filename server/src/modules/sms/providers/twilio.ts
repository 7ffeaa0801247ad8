import { createHmac, timingSafeEqual } from "node:crypto";
import {
  baseOf,
  type CallbackInput,
  type CallbackResult,
  form,
  one,
  parseJson,
  type SmsAdapter,
  type StatusUpdate,
} from "./types.js";

/**
 * Twilio: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP basic auth (SID : auth token), form
 * `To`, `From`, `Body`, `StatusCallback`; 201 `{"sid": "SM…", "status": "queued"}`, errors
 * `{"code": 21211, "message": …, "status": 400}`. Status callbacks and incoming messages are form posts signed with
 * `X-Twilio-Signature` = base64(HMAC-SHA1(auth token, URL + each POST field name and value, sorted by name)).
 */
function mapStatus(s: string): StatusUpdate["status"] | null {
  if (s === "delivered" || s === "read") return "delivered";
  if (s === "failed" || s === "undelivered" || s === "canceled") return "failed";
  if (["accepted", "queued", "sending", "sent", "scheduled"].includes(s)) return "sent";
  return null;
}

export function twilioSignature(
  authToken: string,
  url: string,
  fields: Record<string, string | string[]>,
): string {
  let data = url;
  for (const key of Object.keys(fields).sort()) {
    const v = fields[key];
    for (const value of Array.isArray(v) ? [...v].sort() : [v ?? ""]) data += key + value;
  }
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

const auth = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString("base64")}`;

export const twilio: SmsAdapter = {
  kind: "twilio",
  secretKeys: ["authToken"],
  defaultBaseUrl: "https://api.twilio.com",
  async send(cfg, secrets, req, http) {
    const sid = cfg.accountSid ?? "";
    const res = await http(
      `${baseOf(cfg, twilio)}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: auth(sid, secrets.authToken ?? ""),
        },
        body: form({
          To: req.to,
          From: cfg.sender ?? undefined,
          Body: req.text,
          StatusCallback: req.statusCallbackUrl,
        }),
      },
    );
    const a = parseJson(res.body) as {
      sid?: string;
      status?: string;
      code?: number;
      message?: string;
    } | null;
    if (res.status === 201 || res.status === 200) {
      if (!a?.sid)
        return { ok: false, retriable: false, code: "bad_answer", message: "Twilio sent no message SID." };
      return { ok: true, providerMessageId: a.sid, status: "sent" };
    }
    return {
      ok: false,
      retriable: res.status >= 500 || res.status === 429,
      code: `twilio_${a?.code ?? res.status}`,
      message: a?.message ?? `Twilio answered HTTP ${res.status}`,
    };
  },
  async poll(cfg, secrets, ids, http) {
    const sid = cfg.accountSid ?? "";
    const out: StatusUpdate[] = [];
    for (const id of ids) {
      const res = await http(
        `${baseOf(cfg, twilio)}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages/${encodeURIComponent(id)}.json`,
        { method: "GET", headers: { authorization: auth(sid, secrets.authToken ?? "") } },
      );
      const a = parseJson(res.body) as { status?: string; error_code?: number | null } | null;
      const s = res.status === 200 && a?.status ? mapStatus(a.status) : null;
      if (s)
        out.push({
          providerMessageId: id,
          status: s,
          errorCode: a?.error_code ? String(a.error_code) : null,
        });
    }
    return out;
  },
  verifySignature(secrets, input: CallbackInput) {
    const given = one(input.headers["x-twilio-signature"] as string | string[] | undefined);
    if (!given || !secrets.authToken) return false;
    const expected = Buffer.from(twilioSignature(secrets.authToken, input.url, input.fields));
    const got = Buffer.from(given);
    return got.length === expected.length && timingSafeEqual(got, expected);
  },
  parseCallback(input: CallbackInput): CallbackResult {
    const f = (k: string) => one(input.fields[k]);
    const sid = f("MessageSid") ?? f("SmsSid");
    const status = f("MessageStatus") ?? f("SmsStatus");
    const reply = {
      contentType: "text/xml",
      body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
    };
    if (f("Body") !== undefined && f("From") && status !== "delivered" && status !== "sent") {
      return {
        updates: [],
        inbound: [
          {
            from: f("From") ?? "",
            to: f("To") ?? null,
            text: f("Body") ?? "",
            providerMessageId: sid ?? null,
          },
        ],
        reply,
      };
    }
    const s = status ? mapStatus(status) : null;
    const updates =
      sid && s ? [{ providerMessageId: sid, status: s, errorCode: f("ErrorCode") ?? null }] : [];
    return { updates, inbound: [], reply };
  },
};
