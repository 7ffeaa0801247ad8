import {
  baseOf,
  type CallbackInput,
  type CallbackResult,
  form,
  httpFailure,
  parseJson,
  type SmsAdapter,
  type StatusUpdate,
} from "./types.js";

/**
 * SMS.ru (https://sms.ru/api): `POST /sms/send` with `api_id`, `to`, `msg`, `json=1`; the answer has a status per
 * number (`sms[<number>].status_code` 100 = accepted, `sms_id`). Status: `/sms/status?sms_id=…`, codes
 * 102 on the way, 103 delivered, 104–108, 150 failed. Callbacks post `data[]` lines
 * ("sms_status\n<sms_id>\n<code>\n<unix time>") and expect the answer "100".
 */
const DELIVERED = new Set([103, 110]);
const FAILED = new Set([104, 105, 106, 107, 108, 150]);

function mapCode(code: number): StatusUpdate["status"] | null {
  if (DELIVERED.has(code)) return "delivered";
  if (FAILED.has(code)) return "failed";
  if (code === 100 || code === 101 || code === 102) return "sent";
  return null;
}

type Answer = {
  status?: string;
  status_code?: number;
  status_text?: string;
  sms?: Record<string, { status?: string; status_code?: number; status_text?: string; sms_id?: string }>;
};

export const smsRu: SmsAdapter = {
  kind: "smsru",
  secretKeys: ["apiKey"],
  defaultBaseUrl: "https://sms.ru",
  async send(cfg, secrets, req, http) {
    const to = req.to.replace(/^\+/, "");
    const res = await http(`${baseOf(cfg, smsRu)}/sms/send`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({ api_id: secrets.apiKey, to, msg: req.text, json: "1", from: cfg.sender ?? undefined }),
    });
    if (res.status !== 200) return httpFailure(res.status, `SMS.ru answered HTTP ${res.status}`);
    const a = parseJson(res.body) as Answer | null;
    if (!a)
      return {
        ok: false,
        retriable: false,
        code: "bad_answer",
        message: "SMS.ru sent an unreadable answer.",
      };
    if (a.status !== "OK") {
      return {
        ok: false,
        retriable: false,
        code: `smsru_${a.status_code}`,
        message: a.status_text ?? "Refused.",
      };
    }
    const item = a.sms?.[to];
    if (item?.status !== "OK" || !item.sms_id) {
      return {
        ok: false,
        retriable: false,
        code: `smsru_${item?.status_code ?? "unknown"}`,
        message: item?.status_text ?? "The number was refused.",
      };
    }
    return { ok: true, providerMessageId: item.sms_id, status: "sent" };
  },
  async poll(cfg, secrets, ids, http) {
    const url = `${baseOf(cfg, smsRu)}/sms/status?${form({ api_id: secrets.apiKey, sms_id: ids.join(","), json: "1" })}`;
    const res = await http(url, { method: "GET" });
    const a = parseJson(res.body) as Answer | null;
    if (res.status !== 200 || a?.status !== "OK") return [];
    return Object.entries(a.sms ?? {}).flatMap(([id, s]) => {
      const status = s.status_code === undefined ? null : mapCode(s.status_code);
      return status
        ? [{ providerMessageId: id, status, errorCode: status === "failed" ? String(s.status_code) : null }]
        : [];
    });
  },
  parseCallback(input: CallbackInput): CallbackResult {
    const data = input.fields["data[]"] ?? input.fields.data ?? [];
    const lines = (Array.isArray(data) ? data : [data]).map((d) => d.split("\n"));
    const updates: StatusUpdate[] = [];
    const inbound = [];
    for (const [type, a, b, , c] of lines) {
      if (type === "sms_status" && a && b) {
        const status = mapCode(Number(b));
        if (status) updates.push({ providerMessageId: a, status, errorCode: status === "failed" ? b : null });
      } else if (type === "callback_receive" && a && b) {
        // Incoming message: id, sender number, (time), text.
        inbound.push({ providerMessageId: a, from: b, to: null, text: c ?? "" });
      }
    }
    return { updates, inbound, reply: { contentType: "text/plain", body: "100" } };
  },
};
