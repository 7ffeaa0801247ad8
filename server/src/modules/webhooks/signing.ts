import { randomBytes, randomUUID } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { AppError } from "../../platform/errors.js";

/** Standard Webhooks headers of one signed message. */
export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** A refused inbound signature (wrong secret, tampered body, stale timestamp): 401, nothing is run. */
export class WebhookSignatureError extends AppError {
  constructor(message = "The webhook signature does not match.") {
    super(401, "invalid_signature", message);
  }
}

const SECRET_PREFIX = "whsec_";

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString("base64")}`;
}

/** A Standard Webhooks message id (`webhook-id`): the same for every retry of one message. */
export function newMessageId(): string {
  return `msg_${randomUUID().replace(/-/g, "")}`;
}

/**
 * Signs `body` (the exact bytes sent) as the Standard Webhooks spec asks: HMAC-SHA256 over
 * `${msgId}.${seconds}.${body}` with the secret's key, by the `standardwebhooks` library.
 */
export function signPayload(secret: string, msgId: string, at: Date, body: string): SignedHeaders {
  const signature = new Webhook(secret).sign(msgId, at, body);
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

/**
 * Checks an inbound Standard Webhooks signature (and its timestamp: within 5 minutes) with the
 * `standardwebhooks` library; throws `WebhookSignatureError` (401) when it does not match.
 */
export function verifySignature(
  secret: string,
  body: string,
  headers: Record<string, string | string[] | undefined>,
): void {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (typeof v === "string") flat[k.toLowerCase()] = v;
    else if (Array.isArray(v) && v.length > 0) flat[k.toLowerCase()] = v.join(" ");
  }
  try {
    new Webhook(secret).verify(body, flat);
  } catch (err) {
    if (err instanceof WebhookVerificationError) throw new WebhookSignatureError(err.message);
    throw new WebhookSignatureError();
  }
}
