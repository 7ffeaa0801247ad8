import type { SafeFetchInit, SafeFetchResponse } from "../../../platform/net/ssrf.js";

/** Where a message stands. `unknown`: the provider may or may not have taken it (never sent again). */
export const SMS_STATUSES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "unknown",
  "received",
] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

export const PROVIDER_KINDS = ["smsru", "smsc", "mobizon", "twilio", "generic"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Non-secret settings of a provider (returned by the API). */
export interface ProviderConfig {
  /** Sender name / number (`from`). */
  sender?: string | null | undefined;
  /** API base URL instead of the provider's (smsc.kz for Kazakhstan, api.mobizon.kz, a test double). */
  baseUrl?: string | null | undefined;
  /** Twilio Account SID (not secret; the auth token is). */
  accountSid?: string | null | undefined;
  generic?: GenericConfig | undefined;
}

/** The configurable HTTP provider: `{{to}}`, `{{text}}`, `{{from}}`, `{{id}}`, `{{secret}}` in URL/headers/body. */
export interface GenericConfig {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string> | undefined;
  body?: string | null | undefined;
  contentType?: "application/json" | "application/x-www-form-urlencoded" | undefined;
  /** Dotted path of the provider's message id in the JSON answer ("data.id"). */
  idPath?: string | null | undefined;
  /** Success needs this JSON path to equal `successValue` (besides a 2xx status), when given. */
  successPath?: string | null | undefined;
  successValue?: string | null | undefined;
  /** Status callback: the fields holding the message id and the status, and status values → our statuses. */
  callbackIdField?: string | null | undefined;
  callbackStatusField?: string | null | undefined;
  statusMap?: Record<string, "sent" | "delivered" | "failed"> | undefined;
  /** Inbound: fields holding the sender, the text and the number it was sent to. */
  inboundFromField?: string | null | undefined;
  inboundTextField?: string | null | undefined;
  inboundToField?: string | null | undefined;
}

/** Secrets (sealed at rest, never returned): the keys an adapter needs. */
export type ProviderSecrets = Partial<
  Record<"apiKey" | "login" | "password" | "authToken" | "secret", string>
>;

export type Http = (url: string, init: Omit<SafeFetchInit, "allow">) => Promise<SafeFetchResponse>;

export interface SendRequest {
  /** E.164 with the plus. */
  to: string;
  text: string;
  /** Our message id (providers that take a client id get it). */
  clientId: string;
  /** Public URL the provider posts status updates to, when it takes one per message. */
  statusCallbackUrl: string | null;
}

export type SendResult =
  | { ok: true; providerMessageId: string; status: "sent" | "delivered" }
  | { ok: false; retriable: boolean; code: string; message: string };

export interface StatusUpdate {
  providerMessageId: string;
  status: "sent" | "delivered" | "failed";
  errorCode?: string | null;
}

export interface InboundSms {
  from: string;
  to: string | null;
  text: string;
  providerMessageId: string | null;
}

/** A callback as received: query, parsed form or JSON fields, raw body, headers and the public URL it hit. */
export interface CallbackInput {
  query: Record<string, string>;
  fields: Record<string, string | string[]>;
  json: unknown;
  headers: Record<string, string | string[] | undefined>;
  url: string;
}

export interface CallbackResult {
  updates: StatusUpdate[];
  inbound: InboundSms[];
  /** What the provider expects as the answer (SMS.ru: "100"; Twilio: empty TwiML). */
  reply: { contentType: string; body: string };
}

export interface SmsAdapter {
  kind: ProviderKind;
  /** Secrets the adapter needs to send. */
  secretKeys: ReadonlyArray<keyof ProviderSecrets>;
  defaultBaseUrl: string;
  send(cfg: ProviderConfig, secrets: ProviderSecrets, req: SendRequest, http: Http): Promise<SendResult>;
  /** Delivery status by polling, for messages whose callback did not come. */
  poll?(cfg: ProviderConfig, secrets: ProviderSecrets, ids: string[], http: Http): Promise<StatusUpdate[]>;
  parseCallback(input: CallbackInput, cfg: ProviderConfig): CallbackResult;
  /**
   * Provider signatures on top of the per-provider secret token in the callback URL (Twilio's
   * X-Twilio-Signature). Returns false for a forged request.
   */
  verifySignature?(secrets: ProviderSecrets, input: CallbackInput): boolean;
}

export const baseOf = (cfg: ProviderConfig, adapter: { defaultBaseUrl: string }) =>
  (cfg.baseUrl || adapter.defaultBaseUrl).replace(/\/+$/, "");

export function form(params: Record<string, string | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) p.append(k, v);
  return p.toString();
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
}

export const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Network trouble before a provider answered is retried; 5xx too (the provider did not take the message). */
export function httpFailure(status: number, message: string): SendResult {
  return { ok: false, retriable: status >= 500 || status === 429, code: `http_${status}`, message };
}
