import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall } from "./api";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { ADMIN } from "./config";

const baseUrl = inject("baseUrl");
const unique = Date.now().toString(36);
const NAME = `Телефонова ${unique}`;
const PHONE = "+7 912 555-01-23";
const EMAIL = `phone-${unique}@example.com`;
const WIDTH = 360;
const HEIGHT = 740;

/** Signs the admin in (the sign-in page is English; after it the profile language applies: English or Russian). */
async function signIn(page: Page) {
  await page.goto(`${baseUrl}/login`);
  const passwords = [ADMIN.password, `${ADMIN.password}-2`];
  for (const password of passwords) {
    await page.getByLabel(/^Email/).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // On a phone the navigation sits in a drawer behind the header's toggle.
    const signedIn = page.getByRole("button", { name: /^(Toggle navigation|Показать или скрыть меню)$/ });
    const refused = page.getByText("Incorrect email or password.");
    const mustChange = page.getByRole("heading", { name: /Choose a new password|Придумайте новый пароль/ });
    await signedIn.or(refused).or(mustChange).first().waitFor();
    if (await mustChange.isVisible()) {
      await page.getByLabel(/^(New password|Новый пароль)/).fill(passwords[1] as string);
      await page.getByLabel(/^(Repeat new password|Повторите новый пароль)/).fill(passwords[1] as string);
      await page.getByRole("button", { name: /^(Change password|Сменить пароль)$/ }).click();
      await signedIn.waitFor();
    }
    if (await signedIn.isVisible()) return;
  }
  throw new Error("The admin could not sign in.");
}

/** The element is visible and lies horizontally inside the phone's viewport (reachable without side-scrolling). */
async function expectReachable(locator: Locator) {
  await locator.scrollIntoViewIfNeeded();
  await locator.waitFor();
  const box = await locator.boundingBox();
  expect(box, "element has a box").not.toBeNull();
  if (!box) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(WIDTH + 1);
  expect(box.width).toBeGreaterThan(8);
}

/** A phone at 360×740: the contacts list shows cards, a card opens the record, quick actions stay in reach. */
describe("phone layout", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let contactId = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({
      locale: "en-US",
      viewport: { width: WIDTH, height: HEIGHT },
      isMobile: true,
      hasTouch: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    pageErrors = trackPageErrors(page);
    await signIn(page);
    const created = await apiCall<{ id: string }>(page, "POST", "/api/v1/contacts", {
      lastName: NAME,
      phones: [{ raw: PHONE }],
      emails: [{ value: EMAIL }],
    });
    contactId = created.id;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("shows the contacts list as cards (not the table); a card calls and opens the record with its quick actions", async () => {
    await page.goto(`${baseUrl}/contacts`);
    await page.getByLabel(/^(Quick search|Быстрый поиск)$/).fill(unique);
    const cards = page.getByRole("list", { name: /^(Contacts|Контакты)$/ });
    await cards.waitFor();
    expect(await page.getByRole("grid").count()).toBe(0);
    const card = cards.getByRole("listitem").filter({ hasText: NAME });
    await card.waitFor();
    await expectReachable(card.getByRole("link", { name: NAME }));
    await expectReachable(card.locator(`a[href="tel:+79125550123"]`));
    await expectReachable(page.getByRole("button", { name: /^(New contact|Новый контакт)$/ }));
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    await screenshot(page, "40-contacts-phone");

    await card.getByRole("link", { name: NAME }).click();
    await page.waitForURL(`**/contacts/${contactId}`);
    await page.getByRole("heading", { name: NAME, level: 1 }).waitFor();
    await expectReachable(page.locator(`a[href="tel:+79125550123"]`).first());
    await expectReachable(page.locator(`a[href="mailto:${EMAIL}"]`).first());
    await expectReachable(page.getByRole("button", { name: /^(Plan a task|Запланировать задачу)$/ }).first());
    await expectReachable(page.getByRole("tab", { name: /^(Log call|Звонок)$/ }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    await screenshot(page, "41-contact-phone");
    expect(pageErrors).toEqual([]);
  });
});
