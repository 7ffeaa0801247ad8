import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { ADMIN } from "./config";

const baseUrl = inject("baseUrl");

describe("smoke: sign in and use the shell", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    pageErrors = trackPageErrors(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("serves the sign-in page", async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByRole("heading", { name: "Sign in to Tandem" }).waitFor();
    // Choosing English explicitly before signing in also makes it the profile language (stable re-runs).
    await page.getByRole("button", { name: /Change language/ }).click();
    await page.getByRole("menuitem", { name: "English" }).click();
    await screenshot(page, "01-login");
  });

  it("signs in as the bootstrap admin and shows the shell", async () => {
    await page.getByLabel(/^Email/).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    const nav = page.getByRole("navigation", { name: "Main navigation" });
    const mustChange = page.getByRole("heading", { name: "Choose a new password" });
    await nav.or(mustChange).first().waitFor();
    if (await mustChange.isVisible()) {
      // A server may force the bootstrap admin to replace the initial password.
      const next = `${ADMIN.password}-2`;
      await page.getByLabel(/^New password/).fill(next);
      await page.getByLabel(/^Repeat new password/).fill(next);
      await page.getByRole("button", { name: "Change password" }).click();
      await nav.waitFor();
    }

    await expect.poll(() => nav.getByRole("link", { name: "Companies" }).isVisible()).toBe(true);
    expect(await nav.getByRole("link", { name: "Settings" }).isVisible()).toBe(true);
    await screenshot(page, "02-shell");
  });

  it("switches the interface to Russian from the user menu", async () => {
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Русский" }).click();
    const nav = page.getByRole("navigation", { name: "Основная навигация" });
    await nav.getByRole("link", { name: "Компании" }).waitFor();
    expect(await nav.getByRole("link", { name: "Сделки" }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ru");
    await screenshot(page, "03-shell-ru");

    // The choice survives a reload (stored on the profile and in localStorage).
    await page.reload();
    await nav.getByRole("link", { name: "Компании" }).waitFor();
  });

  it("opens the notifications and the Security page with two-factor set-up", async () => {
    await page.getByRole("button", { name: /^Уведомления/ }).click();
    await page.getByRole("dialog", { name: "Уведомления" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Меню учётной записи" }).click();
    await page.getByRole("menuitem", { name: "Безопасность" }).click();
    await page.getByRole("heading", { name: "Безопасность", level: 1 }).waitFor();
    await screenshot(page, "04-security");
  });

  it("did not throw in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
