import type { BrowserContext, Page } from "playwright-core";

/**
 * JSON calls with the signed-in page's session (cookies shared with the browser context) and its CSRF token,
 * for steps whose screens are not built yet and for checking what the UI did.
 */
export async function apiCall<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const context: BrowserContext = page.context();
  const csrf = (await context.cookies()).find((cookie) => cookie.name === "tandem_csrf")?.value ?? "";
  const response = await context.request.fetch(new URL(path, page.url()).toString(), {
    method,
    headers: {
      "X-CSRF-Token": csrf,
      Accept: "application/json",
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    ...(body ? { data: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${path} → ${response.status()}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Drags the element under `from` onto `to` with real pointer events (dnd-kit needs a few moves). */
export async function dragTo(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 12, from.y + 4, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 16 });
  await page.mouse.move(to.x + 2, to.y + 2, { steps: 2 });
  await page.mouse.up();
}

/**
 * The accept-invitation link the server sent to `email`. Without SMTP_URL the server writes outgoing mail to
 * its log, which the e2e global setup keeps in a file (`serverLog`); waits for the mail job to run.
 */
export async function invitationLink(serverLog: string, email: string, timeoutMs = 30_000): Promise<string> {
  if (!serverLog)
    throw new Error("Invitation links need the server started by the e2e setup (no E2E_BASE_URL).");
  const { readFileSync } = await import("node:fs");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = readFileSync(serverLog, "utf8")
      .split("\n")
      .find((entry) => entry.includes(email) && entry.includes("accept-invitation?token="));
    const token = line?.match(/accept-invitation\?token=([A-Za-z0-9_%-]+)/)?.[1];
    if (token) return `/accept-invitation?token=${token}`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No invitation mail to ${email} in ${serverLog}`);
}
