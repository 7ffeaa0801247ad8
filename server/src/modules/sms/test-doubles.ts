import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Local HTTP doubles answering like the providers' documented APIs (request format, auth, errors, status).
 * Each records the requests it got; `sent` remembers accepted messages so status queries answer for them.
 */
export interface Double {
  url: string;
  requests: Array<{
    method: string;
    path: string;
    query: URLSearchParams;
    form: URLSearchParams;
    headers: IncomingMessage["headers"];
  }>;
  /** Status the next status query reports for every accepted message. */
  status: string;
  /** Answer every send with this HTTP status (simulating an outage) while set. */
  outage: number | null;
  close(): Promise<void>;
}

type Handler = (
  d: Double,
  req: {
    method: string;
    path: string;
    query: URLSearchParams;
    form: URLSearchParams;
    headers: IncomingMessage["headers"];
  },
) => { status: number; body: unknown };

async function start(handler: Handler, initialStatus: string): Promise<Double> {
  const d = { requests: [], status: initialStatus, outage: null } as unknown as Double;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://x");
      const r = {
        method: req.method ?? "GET",
        path: u.pathname,
        query: u.searchParams,
        form: new URLSearchParams(Buffer.concat(chunks).toString("utf8")),
        headers: req.headers,
      };
      d.requests.push(r);
      const out = d.outage ? { status: d.outage, body: "Service Unavailable" } : handler(d, r);
      res.writeHead(out.status, {
        "content-type": typeof out.body === "string" ? "text/plain" : "application/json",
      });
      res.end(typeof out.body === "string" ? out.body : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  d.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  d.close = () => new Promise((resolve) => server.close(() => resolve()));
  return d;
}

let seq = 1000;
const param = (r: { query: URLSearchParams; form: URLSearchParams }, k: string) =>
  r.form.get(k) ?? r.query.get(k);

/** SMS.ru: /sms/send (api_id, to, msg, json=1) and /sms/status. Key "good-key" is valid. */
export function smsRuDouble(): Promise<Double> {
  return start((d, r) => {
    if (param(r, "api_id") !== "good-key")
      return { status: 200, body: { status: "ERROR", status_code: 200, status_text: "Неправильный api_id" } };
    if (r.path === "/sms/send") {
      const to = param(r, "to") ?? "";
      if (!param(r, "msg"))
        return {
          status: 200,
          body: {
            status: "ERROR",
            status_code: 210,
            status_text: "Используется GET, где необходимо использовать POST",
          },
        };
      if (!/^\d{11,15}$/.test(to)) {
        return {
          status: 200,
          body: {
            status: "OK",
            status_code: 100,
            sms: {
              [to]: {
                status: "ERROR",
                status_code: 202,
                status_text: "Неправильно указан номер телефона получателя",
              },
            },
            balance: 10,
          },
        };
      }
      const id = `000000-${++seq}`;
      return {
        status: 200,
        body: {
          status: "OK",
          status_code: 100,
          sms: { [to]: { status: "OK", status_code: 100, sms_id: id } },
          balance: 4122.56,
        },
      };
    }
    if (r.path === "/sms/status") {
      const ids = (param(r, "sms_id") ?? "").split(",");
      const code = Number(d.status);
      return {
        status: 200,
        body: {
          status: "OK",
          status_code: 100,
          sms: Object.fromEntries(ids.map((i) => [i, { status: "OK", status_code: code, cost: 0.5 }])),
        },
      };
    }
    return { status: 404, body: "Not found" };
  }, "103");
}

/** SMSC: /sys/send.php (login, psw, phones, mes, fmt=3) and /sys/status.php. login "crm" / psw "secret". */
export function smscDouble(): Promise<Double> {
  return start((d, r) => {
    if (param(r, "fmt") !== "3") return { status: 200, body: "ERROR = 1 (parameters error)" };
    if (param(r, "login") !== "crm" || param(r, "psw") !== "secret")
      return { status: 200, body: { error: "authorise error", error_code: 2 } };
    if (r.path === "/sys/send.php") {
      if (!/^\d{10,15}$/.test(param(r, "phones") ?? ""))
        return { status: 200, body: { error: "invalid number", error_code: 7 } };
      return { status: 200, body: { id: ++seq, cnt: 1 } };
    }
    if (r.path === "/sys/status.php")
      return {
        status: 200,
        body: { status: Number(d.status), last_date: "06.12.2026 22:40:00", last_timestamp: 1796510400 },
      };
    return { status: 404, body: "Not found" };
  }, "1");
}

/** Mobizon: /service/message/sendsmsmessage?output=json&api=v1&apiKey=… and getsmsstatus. Key "kz-key". */
export function mobizonDouble(): Promise<Double> {
  return start((d, r) => {
    if (r.query.get("output") !== "json" || r.query.get("api") !== "v1")
      return { status: 400, body: "Bad request" };
    if (r.query.get("apiKey") !== "kz-key")
      return { status: 200, body: { code: 8, data: [], message: "Доступ запрещен." } };
    if (r.path === "/service/message/sendsmsmessage") {
      const rcpt = param(r, "recipient") ?? "";
      if (!/^\d{10,15}$/.test(rcpt))
        return {
          status: 200,
          body: { code: 1, data: { recipient: "Неверный номер получателя" }, message: "" },
        };
      return {
        status: 200,
        body: {
          code: 0,
          data: { campaignId: String(++seq), messageId: String(++seq), status: 1 },
          message: "",
        },
      };
    }
    if (r.path === "/service/message/getsmsstatus") {
      const ids = r.query.getAll("ids[]");
      return {
        status: 200,
        body: { code: 0, data: ids.map((id) => ({ id, status: d.status, segNum: "1" })), message: "" },
      };
    }
    return { status: 404, body: "Not found" };
  }, "DELIVRD");
}

export const TWILIO_SID = `AC${"a1".repeat(16)}`;
export const TWILIO_TOKEN = "twilio-auth-token";

/** Twilio: POST /2010-04-01/Accounts/{Sid}/Messages.json (basic auth SID:token, form To/From/Body). */
export function twilioDouble(): Promise<Double> {
  return start((d, r) => {
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/.exec(r.path);
    if (!m)
      return {
        status: 404,
        body: { code: 20404, message: "The requested resource was not found", status: 404 },
      };
    const expected = `Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString("base64")}`;
    if (m[1] !== TWILIO_SID || r.headers.authorization !== expected) {
      return {
        status: 401,
        body: {
          code: 20003,
          message: "Authenticate",
          more_info: "https://www.twilio.com/docs/errors/20003",
          status: 401,
        },
      };
    }
    if (m[2]) return { status: 200, body: { sid: m[2], status: d.status, error_code: null } };
    const to = param(r, "To") ?? "";
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      return {
        status: 400,
        body: {
          code: 21211,
          message: `The 'To' number ${to} is not a valid phone number.`,
          more_info: "https://www.twilio.com/docs/errors/21211",
          status: 400,
        },
      };
    }
    const sid = `SM${String(++seq).padStart(32, "0")}`;
    return {
      status: 201,
      body: {
        sid,
        status: "queued",
        to,
        from: param(r, "From"),
        body: param(r, "Body"),
        account_sid: TWILIO_SID,
      },
    };
  }, "delivered");
}
