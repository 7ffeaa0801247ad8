import {
  type CallbackInput,
  type CallbackResult,
  type GenericConfig,
  one,
  parseJson,
  type SmsAdapter,
  type StatusUpdate,
} from "./types.js";

/**
 * A provider described by the admin: a URL, method, headers and body with `{{to}}` (digits), `{{toE164}}`,
 * `{{text}}`, `{{from}}`, `{{id}}` and `{{secret}}` filled in (URL-encoded in the URL and form bodies,
 * JSON-escaped in JSON bodies); success = a 2xx answer (and `successPath` = `successValue` when set); the message
 * id read at `idPath`. Callbacks name their id/status fields and map the provider's status values.
 */
type Vars = Record<string, string>;

function fill(template: string, vars: Vars, encode: (s: string) => string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) =>
    k in vars ? encode(vars[k] ?? "") : "",
  );
}

const jsonEscape = (s: string) => JSON.stringify(s).slice(1, -1);

export function jsonPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const seg of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

export const generic: SmsAdapter = {
  kind: "generic",
  secretKeys: ["secret"],
  defaultBaseUrl: "",
  async send(cfg, secrets, req, http) {
    const g = cfg.generic as GenericConfig;
    const vars: Vars = {
      to: req.to.replace(/^\+/, ""),
      toE164: req.to,
      text: req.text,
      from: cfg.sender ?? "",
      id: req.clientId,
      secret: secrets.secret ?? "",
    };
    const url = fill(g.url, vars, encodeURIComponent);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(g.headers ?? {}))
      headers[k] = fill(v, vars, (s) => s.replace(/[\r\n]/g, ""));
    let body: string | undefined;
    if (g.method === "POST" && g.body) {
      const json = g.contentType === "application/json";
      body = fill(g.body, vars, json ? jsonEscape : encodeURIComponent);
      headers["content-type"] = g.contentType ?? "application/x-www-form-urlencoded";
    }
    const res = await http(url, { method: g.method, headers, ...(body !== undefined ? { body } : {}) });
    if (res.status < 200 || res.status >= 300) {
      return {
        ok: false,
        retriable: res.status >= 500 || res.status === 429,
        code: `http_${res.status}`,
        message: res.body.toString("utf8").slice(0, 300),
      };
    }
    const a = parseJson(res.body);
    if (g.successPath && String(jsonPath(a, g.successPath)) !== String(g.successValue ?? "")) {
      return {
        ok: false,
        retriable: false,
        code: "provider_refused",
        message: res.body.toString("utf8").slice(0, 300),
      };
    }
    const id = g.idPath ? jsonPath(a, g.idPath) : undefined;
    return {
      ok: true,
      providerMessageId: id === undefined || id === null ? req.clientId : String(id),
      status: "sent",
    };
  },
  parseCallback(input: CallbackInput, cfg): CallbackResult {
    const g = cfg.generic as GenericConfig;
    const f = (k: string | null | undefined) => {
      if (!k) return undefined;
      const v = one(input.fields[k]) ?? input.query[k] ?? jsonPath(input.json, k);
      return v === undefined || v === null ? undefined : String(v);
    };
    const updates: StatusUpdate[] = [];
    const inbound = [];
    const text = f(g.inboundTextField);
    const from = f(g.inboundFromField);
    if (text !== undefined && from) {
      inbound.push({
        from,
        to: f(g.inboundToField) ?? null,
        text,
        providerMessageId: f(g.callbackIdField) ?? null,
      });
    } else {
      const id = f(g.callbackIdField);
      const raw = f(g.callbackStatusField);
      const s = raw !== undefined ? g.statusMap?.[raw] : undefined;
      if (id && s)
        updates.push({ providerMessageId: id, status: s, errorCode: s === "failed" ? (raw ?? null) : null });
    }
    return { updates, inbound, reply: { contentType: "text/plain", body: "OK" } };
  },
};
