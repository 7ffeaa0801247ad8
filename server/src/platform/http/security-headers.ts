import type { Config } from "../config/config.js";

/**
 * Security headers of every answer — the app's HTML and assets, API JSON, downloads and errors alike (set in
 * `onSend` unless a route set its own, e.g. the avatar's sandbox CSP; Node's pre-routing errors get the API set).
 *
 * The SPA's CSP allows scripts from the origin only (index.html has no inline script: the colour-scheme
 * snippet is `/color-scheme.js`). `style-src` needs 'unsafe-inline': Mantine writes its CSS variables into a
 * `<style>` element at run time and React renders `style` attributes; scripts stay strict. API answers are
 * never documents, so they allow nothing at all.
 */
export function securityHeaders(config: Pick<Config, "PUBLIC_URL">) {
  const https = config.PUBLIC_URL?.startsWith("https:") ?? false;
  const common: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
    ...(https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
  const app = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // https: only for letters' remote images, which the letter frame's own CSP blocks until the user
    // clicks "show images" (web/src/features/conversations/MessageFrame.tsx); scripts stay 'self'.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  const api = "default-src 'none'; frame-ancestors 'none'";
  const forApp = { ...common, "content-security-policy": app };
  const forApi = { ...common, "content-security-policy": api };
  const isApi = (url: string) => url.startsWith("/api/v1") || url.startsWith("/api/openapi");
  // Built once: the onSend hook walks these on every answer.
  const appEntries = Object.entries(forApp);
  const apiEntries = Object.entries(forApi);
  return {
    /** API paths (`/api/v1`, the OpenAPI document) get the API policy; pages, assets and `/api/docs` the app's. */
    forRequest: (url: string): Record<string, string> => (isApi(url) ? forApi : forApp),
    /** The same as `[name, value]` pairs. */
    entriesFor: (url: string): ReadonlyArray<readonly [string, string]> =>
      isApi(url) ? apiEntries : appEntries,
  };
}
