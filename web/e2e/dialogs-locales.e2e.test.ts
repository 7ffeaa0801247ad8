import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall } from "./api";
import { launchBrowser, openWorkspace, screenshot } from "./browser";
import { ARTIFACTS_DIR } from "./config";
import { addUser, signInAdmin } from "./session";
import { type Language, namespaces, text } from "./texts";

const baseUrl = inject("baseUrl");
const serverLog = inject("serverLog");
const unique = Date.now().toString(36);
/** Screenshots land in the e2e artifacts folder (gitignored), one per dialog, language and width. */
const SHOTS = "dialogs";

const KEY = new RegExp(`\\b(?:${namespaces().join("|")})\\.[A-Za-z][\\w-]*(?:\\.[\\w-]+)*\\b`, "g");

/** Texts on the page (visible text, placeholders, labels, titles) that look like an i18n key, not a translation. */
async function untranslatedKeys(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the user reads
    const found = [document.body.innerText];
    for (const element of document.querySelectorAll("[placeholder], [aria-label], [title], [alt]")) {
      for (const name of ["placeholder", "aria-label", "title", "alt"]) {
        const value = element.getAttribute(name);
        if (value) found.push(value);
      }
    }
    return found;
  });
  return [...new Set(texts.flatMap((value) => value.match(KEY) ?? []))];
}

/**
 * Controls the browser would check itself, showing its own bubble in the browser's language: inside a form
 * without `novalidate`, with `required`, a pattern, limits or an e-mail/url type.
 */
async function browserValidated(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        "form:not([novalidate]) :is([required], [pattern], [min], [max], input[type=email], input[type=url])",
      ),
    ].map((element) => element.outerHTML.slice(0, 120)),
  );
}

/** The text box or combobox labelled `label` (with or without the required mark). */
function field(scope: Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`)).first();
}

/**
 * Every create dialog and the settings dialogs with their popovers open (calendars, selects) in Russian and
 * Kazakh at 1280 and 360 px: screenshots for review, no untranslated `namespace.key`, no browser bubbles.
 */
describe("dialogs in ru and kk at 1280 and 360 px", () => {
  let browser: Browser;
  let admin: BrowserContext;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    mkdirSync(join(ARTIFACTS_DIR, SHOTS), { recursive: true });
    browser = await launchBrowser();
    admin = await browser.newContext();
    await signInAdmin(admin, baseUrl);
    context = await browser.newContext({ locale: "en-US", timezoneId: "UTC" });
    await addUser(admin, context, baseUrl, serverLog, {
      email: `dialogs-${unique}@example.com`,
      name: `Админ ${unique}`,
      password: "Lantern-Orchard-Pebble-73!",
      roleKey: "admin",
    });
    ({ page, pageErrors } = await openWorkspace(context, baseUrl));
  });

  afterAll(async () => {
    await context?.close();
    await admin?.close();
    await browser?.close();
  });

  for (const language of ["ru", "kk"] as Language[]) {
    for (const width of [1280, 360]) {
      it(`${language}, ${width} px`, async () => {
        const t = (key: string) => text(language, key);
        await page.setViewportSize({ width, height: width > 400 ? 860 : 780 });
        await apiCall(page, "PATCH", "/api/v1/me", { language, timeZone: "Asia/Almaty" });
        const problems: string[] = [];
        const check = async (name: string) => {
          await page.waitForTimeout(250); // let popovers finish their transition before the screenshot
          await screenshot(page, join(SHOTS, `${language}-${width}-${name}`));
          for (const key of await untranslatedKeys(page)) problems.push(`${name}: untranslated ${key}`);
          for (const control of await browserValidated(page))
            problems.push(`${name}: browser bubble ${control}`);
        };
        const openCreate = async (path: string, key: string) => {
          await page.goto(`${baseUrl}${path}`);
          await page
            .getByRole("button", { name: t(key) })
            .first()
            .click();
          const dialog = page.getByRole("dialog", { name: t(key) });
          await dialog.waitFor();
          return dialog;
        };
        /** Closes an open calendar or select by clicking the dialog's title (Escape would close the dialog). */
        const closePopover = async (dialog: Locator) => {
          await dialog.locator(".mantine-Modal-title").click();
          await page.getByRole("option").first().waitFor({ state: "hidden" });
          await page.locator(".mantine-DatePicker-levelsGroup").first().waitFor({ state: "hidden" });
        };
        const closeDialog = async (dialog: Locator, cancel = "table.cancel") => {
          await dialog.getByRole("button", { name: t(cancel), exact: true }).click();
          await dialog.waitFor({ state: "hidden" });
        };
        /** Opens a select's options (or a date field's calendar) and checks the page as it then looks. */
        const openSelect = async (dialog: Locator, labelKey: string, name: string) => {
          await field(dialog, t(labelKey)).click();
          await page.getByRole("option").first().waitFor();
          await check(name);
        };
        const openCalendar = async (dialog: Locator, name: string) => {
          await dialog
            .getByRole("button", { name: t("dates.openCalendar") })
            .first()
            .click();
          await page.locator(".mantine-DatePicker-levelsGroup").first().waitFor();
          await check(name);
        };

        // New contact: the birthday calendar, then the channel select.
        let dialog = await openCreate("/contacts", "contacts.create");
        await check("contact");
        await openCalendar(dialog, "contact-birthday-calendar");
        await closePopover(dialog);
        await openSelect(dialog, "fields.contacts.preferredChannel", "contact-channel-select");
        await closeDialog(dialog);

        // New company: its types.
        dialog = await openCreate("/companies", "companies.create");
        await openSelect(dialog, "fields.companies.types", "company-types-select");
        await closeDialog(dialog);

        // New deal: currency, then the close date's calendar.
        dialog = await openCreate("/deals", "deals.create");
        await openSelect(dialog, "fields.deals.currency", "deal-currency-select");
        await closePopover(dialog);
        await openCalendar(dialog, "deal-close-date-calendar");
        await closePopover(dialog);
        // Saving an empty deal shows the form's own messages, never the browser's.
        await dialog.getByRole("button", { name: t("records.create") }).click();
        await check("deal-empty-submit");
        await closeDialog(dialog);

        // New task: its type, then the due date's calendar.
        dialog = await openCreate("/tasks", "tasks.create");
        await openSelect(dialog, "fields.tasks.type", "task-type-select");
        await closePopover(dialog);
        await openCalendar(dialog, "task-due-calendar");
        await closePopover(dialog);
        await closeDialog(dialog);

        // Invite a user: a half-typed e-mail gets the form's own message in the interface language.
        await page.goto(`${baseUrl}/settings/users`);
        await page
          .getByRole("button", { name: t("settings.users.invite") })
          .first()
          .click();
        dialog = page.getByRole("dialog", { name: t("settings.users.invite") });
        await field(dialog, t("settings.users.email")).fill("anna@");
        await openSelect(dialog, "settings.users.role", "invite-role-select");
        await closePopover(dialog);
        await dialog.getByRole("button", { name: t("settings.users.sendInvite") }).click();
        await dialog.getByText(t("settings.users.invalidEmail")).waitFor();
        expect(
          await field(dialog, t("settings.users.email")).evaluate(
            (input) => input.matches(":focus:invalid") && !(input as HTMLInputElement).form?.noValidate,
          ),
        ).toBe(false);
        await check("invite-invalid-email");
        await closeDialog(dialog, "common.cancel");

        expect(problems).toEqual([]);
      });
    }
  }

  it("did not throw in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
