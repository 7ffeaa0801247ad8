import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall } from "./api";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { signInAdmin } from "./session";

const baseUrl = inject("baseUrl");

interface Rates {
  baseCurrency: string;
  items: { currency: string; effectiveOn: string; rate: string }[];
}

/**
 * An administrator in Russian types an exchange rate the Russian way (`01.12.2026`, `92,5`) in Settings, and
 * the pipeline board then shows its grand total in roubles beside the per-currency sums, naming the currency
 * that has no rate (`без курса для KZT`) instead of dropping it.
 */
describe("exchange rates and the board's grand total (ru)", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let previousCurrency = "EUR";
  let pipelineId = "";
  const day = "2026-12-01";

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: "ru-RU", viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    errors = trackPageErrors(page);
    await signInAdmin(context, baseUrl);
    await page.goto(`${baseUrl}/`);
    await page.getByRole("navigation").first().waitFor();
    await apiCall(page, "PATCH", "/api/v1/me", { language: "ru" });
    previousCurrency = (await apiCall<{ currency: string }>(page, "GET", "/api/v1/settings/default-currency"))
      .currency;
    await apiCall(page, "PUT", "/api/v1/settings/default-currency", { currency: "RUB" });
    await apiCall(page, "DELETE", `/api/v1/exchange-rates/USD/${day}`).catch(() => undefined);
    const pipeline = await apiCall<{ id: string; stages: { id: string }[] }>(
      page,
      "POST",
      "/api/v1/pipelines",
      {
        name: `Курсы ${Date.now()}`,
      },
    );
    pipelineId = pipeline.id;
    const company = await apiCall<{ id: string }>(page, "POST", "/api/v1/companies", { name: "ООО Курсы" });
    for (const [amount, currency] of [
      ["1000.50", "RUB"],
      ["100", "USD"],
      ["5000", "KZT"],
    ]) {
      await apiCall(page, "POST", "/api/v1/deals", {
        title: `Сделка ${currency}`,
        amount,
        currency,
        pipelineId,
        stageId: pipeline.stages[0]?.id,
        companyId: company.id,
      });
    }
  });

  afterAll(async () => {
    await apiCall(page, "DELETE", `/api/v1/exchange-rates/USD/${day}`).catch(() => undefined);
    await apiCall(page, "PUT", "/api/v1/settings/default-currency", { currency: previousCurrency }).catch(
      () => undefined,
    );
    await apiCall(page, "PATCH", "/api/v1/me", { language: "en" }).catch(() => undefined);
    await context?.close();
    await browser?.close();
  });

  it("adds a rate typed the Russian way in Settings", async () => {
    await page.goto(`${baseUrl}/settings/security`);
    const card = page.locator(".mantine-Card-root", {
      has: page.getByRole("heading", { name: "Курсы валют" }),
    });
    await card.waitFor();
    await card.getByRole("combobox", { name: "Валюта" }).click();
    await card.getByRole("combobox", { name: "Валюта" }).fill("USD");
    await page.getByRole("option", { name: "USD", exact: true }).click();
    await card.getByRole("textbox", { name: "С даты" }).fill("01.12.2026");
    await card.getByRole("textbox", { name: "1 USD в RUB" }).fill("92,5");
    await card.getByRole("button", { name: "Добавить курс" }).click();
    await expect
      .poll(async () => (await apiCall<Rates>(page, "GET", "/api/v1/exchange-rates?currency=USD")).items)
      .toContainEqual(expect.objectContaining({ currency: "USD", effectiveOn: day, rate: "92.5" }));
    await card.getByRole("cell", { name: "1 USD = 92,5 RUB", exact: true }).waitFor();
    await screenshot(page, "exchange-rates-ru");
  });

  it("shows the board's grand total in roubles and names the currency without a rate", async () => {
    await page.goto(`${baseUrl}/`);
    await page.evaluate((id) => localStorage.setItem("tandem.board.pipeline", id), pipelineId);
    await page.goto(`${baseUrl}/pipeline`);
    const total = page.getByRole("group", { name: "Вся воронка" });
    await total.waitFor();
    // 1000,50 + 100 × 92,5 = 10 250,50 ₽; KZT has no rate and is named, not dropped.
    await expect
      .poll(async () => ((await total.textContent()) ?? "").replace(/\s/g, " "))
      .toContain("Итого в RUB: 10 250,50 ₽");
    await total.getByText("без курса для KZT").waitFor();
    await screenshot(page, "board-grand-total-ru");
    expect(errors).toEqual([]);
  });
});
