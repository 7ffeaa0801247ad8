import {
  baseOf,
  type CallbackInput,
  type CallbackResult,
  form,
  httpFailure,
  one,
  parseJson,
  type SmsAdapter,
  type StatusUpdate,
} from "./types.js";

/**
 * Mobizon (api.mobizon.kz): `POST /service/message/sendsmsmessage?output=json&api=v1&apiKey=…` with `recipient`
 * (digits), `text`, `from`; the answer is `{"code": 0, "data": {"campaignId", "messageId", "status"}, "message"}`,
 * a non-zero `code` an error (1 invalid data, 8 no access…). Status: `/service/message/getsmsstatus?ids[]=…` →
 * `{"code":0,"data":[{"id","status":"DELIVRD"|"UNDELIV"|…}]}`. Callbacks carry `messageId` and `status`.
 */
function mapStatus(s: string): StatusUpdate["status"] | null {
  if (s === "DELIVRD") return "delivered";
  if (["UNDELIV", "REJECTD", "EXPIRED", "DELETED"].includes(s)) return "failed";
  if (["NEW", "ENQUEUD", "ACCEPTD", "PDLIVRD"].includes(s)) return "sent";
  return null;
}

type Answer = { code?: number; data?: unknown; message?: string };

export const mobizon: SmsAdapter = {
  kind: "mobizon",
  secretKeys: ["apiKey"],
  defaultBaseUrl: "https://api.mobizon.kz",
  async send(cfg, secrets, req, http) {
    const q = form({ output: "json", api: "v1", apiKey: secrets.apiKey });
    const res = await http(`${baseOf(cfg, mobizon)}/service/message/sendsmsmessage?${q}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({ recipient: req.to.replace(/^\+/, ""), text: req.text, from: cfg.sender ?? undefined }),
    });
    const a = parseJson(res.body) as Answer | null;
    if (res.status >= 500 || res.status === 429)
      return httpFailure(res.status, `Mobizon answered HTTP ${res.status}`);
    if (!a)
      return {
        ok: false,
        retriable: false,
        code: "bad_answer",
        message: "Mobizon sent an unreadable answer.",
      };
    const data = a.data as { messageId?: string | number } | undefined;
    if (a.code !== 0 || !data?.messageId) {
      return {
        ok: false,
        retriable: false,
        code: `mobizon_${a.code ?? res.status}`,
        message: a.message || "Refused.",
      };
    }
    return { ok: true, providerMessageId: String(data.messageId), status: "sent" };
  },
  async poll(cfg, secrets, ids, http) {
    const p = new URLSearchParams({ output: "json", api: "v1", apiKey: secrets.apiKey ?? "" });
    for (const id of ids) p.append("ids[]", id);
    const res = await http(`${baseOf(cfg, mobizon)}/service/message/getsmsstatus?${p.toString()}`, {
      method: "GET",
    });
    const a = parseJson(res.body) as Answer | null;
    if (res.status !== 200 || a?.code !== 0 || !Array.isArray(a.data)) return [];
    return (a.data as Array<{ id?: string | number; status?: string }>).flatMap((d) => {
      const s = d.status ? mapStatus(d.status) : null;
      return s && d.id !== undefined
        ? [
            {
              providerMessageId: String(d.id),
              status: s,
              errorCode: s === "failed" ? (d.status ?? null) : null,
            },
          ]
        : [];
    });
  },
  parseCallback(input: CallbackInput): CallbackResult {
    const j = (input.json && typeof input.json === "object" ? input.json : {}) as Record<string, unknown>;
    const f = (k: string) =>
      one(input.fields[k]) ?? input.query[k] ?? (j[k] === undefined ? undefined : String(j[k]));
    const id = f("messageId");
    const status = f("status");
    const s = status ? mapStatus(status) : null;
    const updates =
      id && s ? [{ providerMessageId: id, status: s, errorCode: s === "failed" ? status : null }] : [];
    return { updates, inbound: [], reply: { contentType: "application/json", body: '{"code":0}' } };
  },
};
