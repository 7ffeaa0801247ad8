/** Only same-origin absolute paths are accepted as post-login destinations (no `//evil.example`). */
export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) return fallback;
  if (target.startsWith("/login")) return fallback;
  return target;
}
