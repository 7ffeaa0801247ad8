import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { contextCall, signInAdmin } from "./session";

const baseUrl = inject("baseUrl");
const unique = Date.now().toString(36);

/**
 * A head of sales builds a rule in the browser ("when a deal is created, create a kick-off task"), enables it,
 * and sees it run on a new deal's timeline ("Rule «…»: Create a task") with the task on the deal.
 */
describe("automation rules in the browser", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  const ruleName = `Kick-off ${unique}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
    await signInAdmin(context, baseUrl);
    await contextCall(context, baseUrl, "PATCH", "/api/v1/me", { language: "en" }).catch(() => undefined);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    pageErrors = trackPageErrors(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("builds and enables a rule in the editor", async () => {
    await page.goto(`${baseUrl}/settings/automations`);
    await page.getByRole("button", { name: "New rule" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: /^Name/ }).fill(ruleName);
    await dialog.getByRole("switch", { name: "Enabled" }).check({ force: true });
    await dialog.getByRole("button", { name: "Add step" }).click();
    await page.getByRole("menuitem", { name: "Create a task" }).click();
    await dialog.getByRole("textbox", { name: "Task title" }).fill("Kick-off {{record.title}}");
    await screenshot(page, "automations-01-editor");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText(ruleName).first().waitFor();
    const rules = await contextCall<{ items: { name: string; enabled: boolean }[] }>(
      context,
      baseUrl,
      "GET",
      "/api/v1/automations",
    );
    expect(rules.items.find((r) => r.name === ruleName)?.enabled).toBe(true);
  });

  it("runs on a new deal and shows the run on the deal's timeline", async () => {
    const company = await contextCall<{ id: string }>(context, baseUrl, "POST", "/api/v1/companies", {
      name: `Rule test ${unique}`,
    });
    const deal = await contextCall<{ id: string }>(context, baseUrl, "POST", "/api/v1/deals", {
      title: `Turbines ${unique}`,
      companyId: company.id,
    });
    await page.goto(`${baseUrl}/deals/${deal.id}`);
    const item = page.getByText(`Rule «${ruleName}»: Create a task`);
    // The run is made by the worker from the change feed: reload until it is on the timeline.
    await expect
      .poll(
        async () => {
          if (await item.isVisible()) return true;
          await page.reload();
          await page.getByText(`Turbines ${unique}`).first().waitFor();
          return item.isVisible();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(true);
    await page.getByText(`Kick-off Turbines ${unique}`).first().waitFor();
    await screenshot(page, "automations-02-timeline");
    expect(pageErrors).toEqual([]);
  });
});
