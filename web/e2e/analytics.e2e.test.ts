import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { WEB_DIR } from "./config";

/**
 * The built-in dashboards on the demo data: a server of its own started with DEMO=true (the shared e2e server
 * stays empty for the other tests). The head of sales reads the sales dashboard in Russian; a sales manager
 * sees only the figures of records they may read.
 */
const DEMO_PASSWORD = "Tandem-demo-2026";
const HEAD = "anna.smirnova@demo.tandem-crm.org";
const MANAGER = "dmitry.volkov@demo.tandem-crm.org";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe("analytics dashboards on the demo data", () => {
  let server: ChildProcess;
  let dataDir: string;
  let baseUrl: string;
  let browser: Browser;
  let log = "";

  beforeAll(async () => {
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-analytics-"));
    chmodSync(dataDir, 0o755);
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [join(WEB_DIR, "..", "server", "dist", "main.js")], {
      cwd: join(WEB_DIR, ".."),
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        DEMO: "true",
        ADMIN_EMAIL: "admin@example.com",
        ADMIN_PASSWORD: "Tandem-e2e-Admin-2025!",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-10_000);
    };
    server.stdout?.on("data", collect);
    server.stderr?.on("data", collect);
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited: ${log}`);
      const ok = await fetch(`${baseUrl}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`server not ready: ${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => server.kill("SIGKILL"), 20_000);
        server.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        server.kill("SIGTERM");
      });
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(email: string, locale: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors = trackPageErrors(page);
    await page.goto(`${baseUrl}/login`);
    await page.locator('input[type="email"], input[name="email"]').first().fill(email);
    await page.locator('input[type="password"]').first().fill(DEMO_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.getByRole("navigation").first().waitFor();
    return { page, errors };
  }

  const widget = (page: Page, title: string) =>
    page.getByTestId("analytics-widget").filter({ has: page.getByRole("heading", { name: title }) });

  it("shows the head of sales the sales dashboard in Russian: funnel, forecast, plan vs fact", async () => {
    const { page, errors } = await signIn(HEAD, "ru-RU");
    await page.getByRole("navigation").getByRole("link", { name: "Аналитика" }).click();
    await page.getByRole("heading", { name: "Аналитика", level: 1 }).waitFor();
    const funnel = widget(page, "Воронка по этапам");
    await funnel.locator("svg").first().waitFor();
    await expect.poll(() => funnel.getByRole("row").count()).toBeGreaterThan(3);
    expect(await funnel.getByRole("columnheader", { name: "Дошло сделок" }).isVisible()).toBe(true);
    const forecast = widget(page, "Прогноз по месяцу закрытия");
    await forecast.getByRole("columnheader", { name: "Взвешенная сумма" }).waitFor();
    await widget(page, "План и факт").getByRole("columnheader", { name: "План", exact: true }).waitFor();
    await widget(page, "Причины проигрыша").locator("svg").first().waitFor();
    await page.waitForTimeout(800); // chart animations
    await screenshot(page, "analytics-sales-ru");

    await page.getByRole("tab", { name: "Эффективность команды" }).click();
    const perManager = widget(page, "По менеджерам");
    await perManager.getByRole("cell", { name: "Дмитрий Волков" }).first().waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, "analytics-team-ru");

    await page.getByRole("tab", { name: "Мониторинг коммуникаций" }).click();
    await widget(page, "Коммуникации по каналам и направлениям").locator("svg").first().waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, "analytics-activity-ru");

    await page.getByRole("tab", { name: "Каналы" }).click();
    await widget(page, "Лиды, сделки и выручка по источникам")
      .getByRole("cell", { name: "website" })
      .first()
      .waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, "analytics-channels-ru");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("shows a sales manager only the people whose records they may read", async () => {
    const { page, errors } = await signIn(MANAGER, "ru-RU");
    await page.goto(`${baseUrl}/analytics/team`);
    const perManager = widget(page, "По менеджерам");
    await perManager.getByRole("cell", { name: "Дмитрий Волков" }).first().waitFor();
    // Marko works in the other team: not a row of Dmitry's table.
    expect(await perManager.getByRole("cell", { name: "Marko Jovanović" }).count()).toBe(0);
    await screenshot(page, "analytics-team-manager-ru");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
