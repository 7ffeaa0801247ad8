/**
 * Loads the built web app (web/dist) in headless Chromium under the security headers the server sends
 * (`platform/http/security-headers.ts`) and lists every Content-Security-Policy violation, signed out (sign-in,
 * password reset) and signed in (the shell and the main pages, API answers stubbed). Exits 1 on a violation.
 *
 *   npm run build -w web && npx tsx scripts/check-csp.ts [../web/dist]   (Chromium: CHROMIUM_PATH or /usr/bin/chromium;
 *   playwright-core comes with the web workspace)
 */
import path from "node:path";
import Fastify from "fastify";
import { chromium } from "playwright-core";
import { securityHeaders } from "../src/platform/http/security-headers.js";
import type { App } from "../src/platform/http/types.js";
import { serveWeb } from "../src/platform/http/web.js";

const dist = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "../../web/dist"));
const me = {
  id: "00000000-0000-4000-8000-000000000001",
  email: "admin@example.com",
  name: "Ada Admin",
  phone: null,
  position: null,
  avatarUrl: null,
  language: "en",
  timeZone: "Europe/Belgrade",
  notifyByEmail: true,
  mustChangePassword: false,
  twoFactorEnabled: true,
  twoFactorSetupRequired: false,
  isAdmin: true,
  permissions: { "*": { read: "all", create: "all", update: "all" } },
  fieldRules: {},
  adminPermissions: ["*"],
  team: null,
  role: { id: "00000000-0000-4000-8000-0000000000aa", name: "Administrator", key: "admin" },
};
const PAGES = {
  signedOut: ["/login", "/forgot-password"],
  signedIn: ["/", "/companies", "/contacts", "/deals", "/tasks", "/calendar", "/settings"],
};

async function check(signedIn: boolean): Promise<string[]> {
  const app = Fastify();
  const headers = securityHeaders({ PUBLIC_URL: undefined });
  app.addHook("onSend", async (request, reply, payload) => {
    for (const [k, v] of Object.entries(headers.forRequest(request.url))) reply.header(k, v);
    return payload;
  });
  app.all("/api/v1/*", async (request, reply) => {
    if (!signedIn) return reply.code(401).type("application/problem+json").send({ status: 401 });
    if (request.url.startsWith("/api/v1/me")) return me;
    return { items: [], nextCursor: null, total: { count: 0, capped: false } };
  });
  await serveWeb(app as unknown as App, dist);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  const problems: string[] = [];
  try {
    const page = await browser.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.exposeFunction("reportViolation", (v: string) => problems.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { reportViolation(v: string): void }).reportViolation(
          `${location.pathname}: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
        ),
      );
    });
    for (const url of signedIn ? PAGES.signedIn : PAGES.signedOut) {
      await page.goto(`http://127.0.0.1:${port}${url}`, { waitUntil: "networkidle" });
      await page.waitForTimeout(300);
      const styles = await page.evaluate(() => document.querySelectorAll("style").length);
      console.log(`${url}: loaded (${styles} <style> elements)`);
    }
  } finally {
    await browser.close();
    await app.close();
  }
  return problems;
}

const problems = [...(await check(false)), ...(await check(true))];
console.log(problems.length === 0 ? "No CSP violations." : problems.join("\n"));
process.exit(problems.length === 0 ? 0 : 1);
