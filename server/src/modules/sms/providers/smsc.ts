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
 * SMSC (https://smsc.ru/api/http/, smsc.kz for Kazakhstan): `POST /sys/send.php` with `login`, `psw`, `phones`,
 * `mes`, `fmt=3` (JSON), `charset=utf-8`, our `id`; the answer is `{"id": …, "cnt": …}` or
 * `{"error": "…", "error_code": N}` (2 bad login, 3 no money, 7 bad number, 9 too many requests…). Status:
 * `/sys/status.php?id=…&phone=…&fmt=3` → `{"status": N}` (-1/0 on the way, 1 delivered, 3 expired,
 * 20/22/23/24/25 failed). Callbacks post `id`, `phone`, `status`, `err`; incoming messages `phone`, `mes`, `to`.
 */
function mapStatus(code: number): StatusUpdate["status"] | null {
  if (code === 1 || code === 2 || code === 4) return "delivered";
  if (code === -1 || code === 0) return "sent";
  if (code === 3 || code === 20 || code === 22 || code === 23 || code === 24 || code === 25) return "failed";
  return null;
}

const RETRIABLE = new Set([4, 9]);

export const smsc: SmsAdapter = {
  kind: "smsc",
  secretKeys: ["login", "password"],
  defaultBaseUrl: "https://smsc.ru",
  async send(cfg, secrets, req, http) {
    const res = await http(`${baseOf(cfg, smsc)}/sys/send.php`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({
        login: secrets.login,
        psw: secrets.password,
        phones: req.to.replace(/^\+/, ""),
        mes: req.text,
        fmt: "3",
        charset: "utf-8",
        id: req.clientId.replace(/-/g, "").slice(0, 32),
        sender: cfg.sender ?? undefined,
      }),
    });
    if (res.status !== 200) return httpFailure(res.status, `SMSC answered HTTP ${res.status}`);
    const a = parseJson(res.body) as {
      id?: number | string;
      cnt?: number;
      error?: string;
      error_code?: number;
    } | null;
    if (!a)
      return { ok: false, retriable: false, code: "bad_answer", message: "SMSC sent an unreadable answer." };
    if (a.error !== undefined || a.id === undefined) {
      return {
        ok: false,
        retriable: RETRIABLE.has(a.error_code ?? 0),
        code: `smsc_${a.error_code ?? "unknown"}`,
        message: a.error ?? "Refused.",
      };
    }
    // SMSC's id is per send call; the phone makes it unique, so both are kept.
    return { ok: true, providerMessageId: `${a.id}:${req.to.replace(/^\+/, "")}`, status: "sent" };
  },
  async poll(cfg, secrets, ids, http) {
    const out: StatusUpdate[] = [];
    for (const pid of ids) {
      const [id, phone] = pid.split(":");
      const url = `${baseOf(cfg, smsc)}/sys/status.php?${form({ login: secrets.login, psw: secrets.password, id, phone, fmt: "3" })}`;
      const res = await http(url, { method: "GET" });
      const a = parseJson(res.body) as { status?: number; err?: number } | null;
      if (res.status !== 200 || typeof a?.status !== "number") continue;
      const status = mapStatus(a.status);
      if (status)
        out.push({
          providerMessageId: pid,
          status,
          errorCode: status === "failed" ? String(a.err ?? a.status) : null,
        });
    }
    return out;
  },
  parseCallback(input: CallbackInput): CallbackResult {
    const f = (k: string) => one(input.fields[k]) ?? input.query[k];
    const updates: StatusUpdate[] = [];
    const inbound = [];
    const id = f("id");
    const phone = f("phone");
    const status = f("status");
    const mes = f("mes");
    if (mes !== undefined && phone) {
      inbound.push({ from: phone, to: f("to") ?? null, text: mes, providerMessageId: f("sms_id") ?? null });
    } else if (id && phone && status !== undefined) {
      const s = mapStatus(Number(status));
      if (s)
        updates.push({
          providerMessageId: `${id}:${phone.replace(/^\+/, "")}`,
          status: s,
          errorCode: f("err") ?? null,
        });
    }
    return { updates, inbound, reply: { contentType: "text/plain", body: "OK" } };
  },
};
