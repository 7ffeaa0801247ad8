import iconv from "iconv-lite";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  RU_EXISTING,
  russianCustomerCsv,
  US_EXISTING,
  usCustomerCsv,
} from "../../server/src/modules/imports/fixtures/customer-files";
import { apiCall } from "./api";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { ADMIN } from "./config";

const baseUrl = inject("baseUrl");

/**
 * The import wizard with the two kinds of customer files people bring (generated, see the server's
 * fixtures/customer-files.ts): a US customer list and a Russian Windows-1251 list with `;`. Suggestions, a
 * mapping warning, a custom field made in one click, the companies option, the check's and the run's counts
 * and the problems as they were in the file.
 */
describe("importing customer lists in the browser", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 1000 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    pageErrors = trackPageErrors(page);
    await page.goto(`${baseUrl}/login`);
    // The bootstrap admin speaks Russian (ADMIN_LANGUAGE); English chosen before signing in becomes the profile's.
    await page.getByRole("button", { name: /Change language|Сменить язык/ }).click();
    await page.getByRole("menuitem", { name: "English" }).click();
    await page.getByLabel(/^Email/).fill(ADMIN.email);
    const passwords = [ADMIN.password, `${ADMIN.password}-2`];
    const signedIn = page.getByRole("navigation", { name: /Main navigation|Основная навигация/ });
    for (const password of passwords) {
      await page.getByLabel(/^Password/).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      const refused = page.getByText("Incorrect email or password.");
      const mustChange = page.getByRole("heading", { name: /Choose a new password/ });
      await signedIn.or(refused).or(mustChange).first().waitFor();
      if (await mustChange.isVisible()) {
        await page.getByLabel(/^New password/).fill(passwords[1] as string);
        await page.getByLabel(/^Repeat new password/).fill(passwords[1] as string);
        await page.getByRole("button", { name: "Change password" }).click();
        await signedIn.waitFor();
      }
      if (await signedIn.isVisible()) break;
    }
    for (const name of [...US_EXISTING, ...RU_EXISTING]) {
      await apiCall(page, "POST", "/api/v1/companies", { name });
    }
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const wizard = () => page.getByTestId("import-wizard");
  const fieldFor = (column: string) =>
    page.locator(`input[aria-label="Field for “${column}”"]:not([type="hidden"])`);

  async function upload(name: string, buffer: Buffer) {
    await page.goto(`${baseUrl}/import?entity=contacts`);
    await wizard().waitFor();
    await page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer });
    await expect.poll(() => wizard().getAttribute("data-step"), { timeout: 30_000 }).toBe("mapping");
    await screenshot(page, `import-${name.replace(/\W+/g, "-")}-uploaded`);
  }

  /** Options → check → the dry run's numbers → run → the result's numbers. */
  async function checkAndRun(
    country: string,
    expected: { total: number; create: number; invalid: number; companies: number },
  ) {
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => wizard().getAttribute("data-step")).toBe("options");
    await page
      .getByLabel("Default country for phone numbers", { exact: true })
      .first()
      .fill(country.split(" (")[0] ?? "");
    await page.getByRole("option", { name: country, exact: true }).click();
    await page.getByRole("radio", { name: "Link to existing companies, create the missing ones" }).check();
    await page.getByRole("radio", { name: "Import the row without the invalid value" }).check();
    await page.getByRole("button", { name: "Check the file" }).click();
    const review = page.getByTestId("import-dry-run");
    await review.waitFor({ timeout: 60_000 });
    const stat = (scope: typeof review, label: string) =>
      scope.getByText(label, { exact: true }).locator("xpath=preceding-sibling::*[1]");
    await expect.poll(() => stat(review, "Rows").textContent()).toBe(String(expected.total));
    expect(await stat(review, "Will be created").textContent()).toBe(String(expected.create));
    expect(await stat(review, "Invalid rows").textContent()).toBe(String(expected.invalid));
    expect(await stat(review, "Companies to create").textContent()).toBe(String(expected.companies));
    await page.getByRole("button", { name: "Start import" }).click();
    const result = page.getByTestId("import-result");
    await result.waitFor({ timeout: 90_000 });
    await result.getByText("Import finished.").waitFor();
    expect(await stat(result, "Created").textContent()).toBe(String(expected.create));
    expect(await stat(result, "Companies created").textContent()).toBe(String(expected.companies));
    expect(await stat(result, "Failed").textContent()).toBe(String(expected.invalid));
    return result;
  }

  it("a US customer list: suggested fields, a warning, a new field in one click, companies linked and created", async () => {
    await upload("customers-200.csv", Buffer.from(usCustomerCsv(200)));
    await expect.poll(() => fieldFor("Company").inputValue()).toMatch(/^Company/);
    expect(await fieldFor("Phone 1").inputValue()).toBe("Phone");
    expect(await fieldFor("Phone 2").inputValue()).toBe("Phone 2 (other)");
    expect(await fieldFor("Customer Id").inputValue()).toMatch(/External ID/i);
    expect(await fieldFor("Website").inputValue()).toMatch(/website/i);
    expect(await fieldFor("Subscription Date").inputValue()).toBe("Don't import");
    // Eight cells of the Email column are no addresses: the mapping says so before any check is run.
    await page
      .getByText("This field cannot hold 8 of 200 values in the first rows (e.g. “not-an-email”)")
      .waitFor();
    // The subscription dates get a custom date field of their own, in one click.
    await page.getByRole("button", { name: "Create a custom field for “Subscription Date”" }).click();
    await page.getByText("New field: Date").waitFor({ state: "detached" });
    await screenshot(page, "import-us-new-field");
    await expect.poll(() => fieldFor("Subscription Date").inputValue()).toBe("Subscription Date");
    await screenshot(page, "import-us-mapping");

    const result = await checkAndRun("United States (US)", {
      total: 200,
      create: 196,
      invalid: 4,
      companies: 6,
    });
    // The report's problems read as they were in the file.
    const problems = result.getByTestId("import-problems");
    await problems.waitFor();
    await problems.getByText("not-an-email", { exact: true }).first().waitFor();
    await screenshot(page, "import-us-result");

    const contacts = await apiCall<{
      items: { custom: Record<string, unknown>; phones: { extension?: string }[] }[];
    }>(
      page,
      "GET",
      `/api/v1/contacts?limit=1&filter=${encodeURIComponent(
        JSON.stringify({ field: "emails", op: "contains", value: "joanna.berry4@example.com" }),
      )}`,
    );
    expect(contacts.items[0]?.custom).toEqual({ subscriptionDate: "2021-05-05" });
    expect(contacts.items[0]?.phones[0]?.extension).toBe("1004");
  });

  it("a Russian Windows-1251 list with `;`: detected, suggested, imported", async () => {
    await upload("клиенты.csv", iconv.encode(russianCustomerCsv(100), "windows-1251"));
    await page.getByText("Detected: windows-1251, “;”").waitFor();
    expect(await fieldFor("Компания").inputValue()).toMatch(/^Company/);
    expect(await fieldFor("Мобильный").inputValue()).toBe("Mobile phone");
    expect(await fieldFor("Телефон").inputValue()).toBe("Phone");
    await page.getByText("Менеджер; закупки").first().waitFor();
    await page
      .getByText("This field cannot hold 5 of 100 values in the first rows (e.g. “31.02.1990”)")
      .waitFor();
    await checkAndRun("Russia (RU)", { total: 100, create: 98, invalid: 2, companies: 3 });
    await screenshot(page, "import-ru-result");
    expect(pageErrors).toEqual([]);
  });
});
