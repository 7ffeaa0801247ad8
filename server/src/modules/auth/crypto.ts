import { hash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes, base64url: the secret half of sessions, reset links, invitations and API tokens. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * sha256 hex. Tokens are high-entropy, so a fast unsalted hash is enough to keep them useless if leaked. One-shot
 * `crypto.hash` (no Hash object): every bearer-token request hashes its token.
 */
export function sha256(value: string): string {
  return hash("sha256", value, "hex");
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
