import { performance } from "node:perf_hooks";
import { AppError } from "../../platform/errors.js";
import type { AppDeps } from "../../platform/http/types.js";
import { resolvePublicAddress, safeFetch } from "../../platform/net/ssrf.js";
import { newMessageId, signPayload } from "./signing.js";

/** A webhook URL that is not an absolute http(s) URL (422, field `url`). */
export class InvalidWebhookUrlError extends AppError {
  constructor(message: string) {
    super(422, "invalid_webhook_url", message, [{ field: "url", message, code: "invalid_webhook_url" }]);
  }
}

/** The response excerpt kept in delivery logs. */
export const RESPONSE_EXCERPT_BYTES = 4096;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 64 * 1024;
const USER_AGENT = "TandemCRM-Webhooks/1";

/**
 * Parses a user-given URL and refuses what the server must not call: anything but http(s), credentials in the
 * URL, and (through the SSRF guard) loopback, private, link-local and metadata addresses unless the admin
 * allow-list (`OUTBOUND_ALLOW_HOSTS`) names them. Used at save; deliveries check again when they connect.
 */
export async function checkWebhookUrl(deps: Pick<AppDeps, "config">, raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidWebhookUrlError("Use an absolute http:// or https:// URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidWebhookUrlError("Only http:// and https:// URLs can receive webhooks.");
  }
  if (url.username || url.password) {
    throw new InvalidWebhookUrlError("Put no user name or password in the URL; the signature authenticates.");
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  await resolvePublicAddress(host, deps.config.outboundAllowHosts);
  return url;
}

export interface SignedRequest {
  url: string;
  /** `whsec_…` secret; null sends the message unsigned (webhook-id and webhook-timestamp still set). */
  secret: string | null;
  /** JSON-serialised (a string is sent verbatim). */
  body: unknown;
  /** Standard Webhooks message id: keep it across retries of one message. */
  msgId?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxBytes?: number;
  /** The signing time (default now). */
  at?: Date;
}

export interface DeliveryResult {
  ok: boolean;
  status: number | null;
  msgId: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseHeaders: Record<string, string>;
  responseBody: string;
  durationMs: number;
  error: string | null;
}

function describe(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${err.message}` : err.message || err.name;
  }
  return String(err);
}

/**
 * POSTs one signed JSON message through `safeFetch` (pinned public address, no redirects followed, timeout,
 * response cap). Never throws: a refused destination, a timeout or a non-2xx answer is a failed result.
 */
export async function deliverSigned(
  deps: Pick<AppDeps, "config">,
  req: SignedRequest,
): Promise<DeliveryResult> {
  const msgId = req.msgId ?? newMessageId();
  const requestBody = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
  const at = req.at ?? new Date();
  const signed = req.secret
    ? signPayload(req.secret, msgId, at, requestBody)
    : { "webhook-id": msgId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)) };
  const requestHeaders: Record<string, string> = {
    ...req.headers,
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    ...signed,
  };
  const started = performance.now();
  try {
    const res = await safeFetch(req.url, {
      method: "POST",
      headers: requestHeaders,
      body: requestBody,
      timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: req.maxBytes ?? DEFAULT_MAX_BYTES,
      allow: deps.config.outboundAllowHosts,
    });
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      status: res.status,
      msgId,
      requestHeaders,
      requestBody,
      responseHeaders: res.headers,
      responseBody: res.body.subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8"),
      durationMs: Math.round(res.durationMs),
      error: ok
        ? null
        : res.status >= 300 && res.status < 400
          ? `redirect ${res.status} not followed`
          : `HTTP ${res.status}`,
    };
  } catch (err) {
    return {
      ok: false,
      status: null,
      msgId,
      requestHeaders,
      requestBody,
      responseHeaders: {},
      responseBody: "",
      durationMs: Math.round(performance.now() - started),
      error: describe(err).slice(0, 1000),
    };
  }
}
