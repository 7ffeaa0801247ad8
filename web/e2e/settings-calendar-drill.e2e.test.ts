import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall } from "./api";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { signInAdmin } from "./session";

const baseUrl = inject("baseUrl");

interface Calendar {
  week: { weekday: number; start: string; end: string }[];
  dates: { day: string; kind: string; name: string | null }[];
}

/**
 * The administrator's new screens in Russian: the business calendar (working hours typed as Russians write
 * them, a country's holidays added from the preset, a holiday of their own), the sales targets (an amount typed
 * `1 250 000,50`), and a drill-down from a dashboard widget to the records behind its figure.
 */
describe("settings: business calendar and sales targets; dashboard drill-down (ru)", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const year = new Date().getFullYear() + 1;

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
  });

  afterAll(async () => {
    await apiCall(page, "PATCH", "/api/v1/me", { language: "en" }).catch(() => undefined);
    await context?.close();
    await browser?.close();
  });

  it("sets the working hours, adds Russia's holidays of next year and a holiday of its own", async () => {
    await page.goto(`${baseUrl}/settings/calendar`);
    await page.getByRole("heading", { name: "Рабочая неделя" }).waitFor();
    // Hours typed the way Russians write them (9.30, 17.30), shown 24-hour whatever the browser's clock.
    const type = async (label: string, text: string) => {
      const input = page.getByLabel(label);
      await input.fill("");
      await input.pressSequentially(text);
      await input.blur();
      return input.inputValue();
    };
    expect(await type("понедельник Начало", "9.30")).toBe("09:30");
    expect(await type("понедельник Конец", "17.30")).toBe("17:30");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect
      .poll(async () => (await apiCall<Calendar>(page, "GET", "/api/v1/business-calendar")).week[0])
      .toEqual({ weekday: 1, start: "09:30", end: "17:30" });

    await page.getByRole("heading", { name: "Государственные праздники" }).waitFor();
    await page.getByRole("button", { name: `Добавить праздники: Россия, ${year}` }).click();
    await page.getByText(/Добавлено праздников: \d+|Все эти праздники уже есть в календаре/).waitFor();
    const dates = (await apiCall<Calendar>(page, "GET", `/api/v1/business-calendar?year=${year}`)).dates;
    expect(dates.find((d) => d.day === `${year}-01-01`)).toMatchObject({
      kind: "holiday",
      name: "Новогодние каникулы",
    });
    expect(dates.find((d) => d.day === `${year}-06-12`)).toMatchObject({ name: "День России" });
    await page.getByRole("cell", { name: "Новогодние каникулы" }).first().waitFor();

    // A holiday of the company's own, its date typed the Russian way.
    await page.getByLabel("Дата", { exact: true }).fill(`31.12.${year}`);
    await page.getByLabel("Название", { exact: true }).fill("Корпоратив");
    await page.getByRole("button", { name: "Добавить", exact: true }).click();
    await page.getByRole("cell", { name: "Корпоратив" }).waitFor();
    const after = (await apiCall<Calendar>(page, "GET", `/api/v1/business-calendar?year=${year}`)).dates;
    expect(after.find((d) => d.day === `${year}-12-31`)).toMatchObject({
      kind: "holiday",
      name: "Корпоратив",
    });
    await screenshot(page, "settings-calendar-ru");
  });

  it("types a sales target as Russians write amounts", async () => {
    await page.goto(`${baseUrl}/settings/targets`);
    await page.getByRole("heading", { name: "Планы продаж" }).first().waitFor();
    const cell = page.getByRole("table").getByRole("textbox").first();
    await cell.fill("1 250 000,50");
    await cell.press("Enter");
    const thisYear = new Date().getFullYear();
    await expect
      .poll(async () => {
        const t = await apiCall<{ items: { amount: { amount: string } }[] }>(
          page,
          "GET",
          `/api/v1/analytics/targets?from=${thisYear}-01&to=${thisYear}-12`,
        );
        return t.items.map((i) => i.amount.amount);
      })
      .toContain("1250000.50");
    await screenshot(page, "settings-targets-ru");
  });

  it("drills from the funnel on the sales dashboard into the deals behind a stage", async () => {
    const company = await apiCall<{ id: string }>(page, "POST", "/api/v1/companies", { name: "Drill Co" });
    for (const title of ["Drill e2e A", "Drill e2e B"])
      await apiCall(page, "POST", "/api/v1/deals", {
        title,
        companyId: company.id,
        amount: "10",
        currency: "RUB",
      });
    await page.goto(`${baseUrl}/analytics`);
    const funnel = page
      .getByTestId("analytics-widget")
      .filter({ has: page.getByRole("heading", { name: "Воронка по этапам" }) });
    await funnel
      .locator("label")
      .filter({ hasText: /^Таблица$/ })
      .click();
    const first = funnel.locator("tbody tr").first();
    await first.waitFor();
    const figure = await apiCall<{ rows: { entered: number }[]; drillDown: { filter: object }[] }>(
      page,
      "GET",
      "/api/v1/analytics/sales/funnel",
    );
    await first.locator("td").nth(1).click();
    await page.waitForURL(/\/deals\?filter=/);
    const filter = new URL(page.url()).searchParams.get("filter") ?? "";
    expect(filter).toContain("passedStage");
    await page.getByText("Drill e2e A").first().waitFor();
    const listed = await apiCall<{ items: unknown[] }>(
      page,
      "GET",
      `/api/v1/deals?limit=200&filter=${encodeURIComponent(filter)}`,
    );
    expect(listed.items.length).toBe(figure.rows[0]?.entered);
    await screenshot(page, "analytics-drill-funnel-ru");
  });

  it("drills from a cell of the per-manager table into that person's calls", async () => {
    await apiCall(page, "POST", "/api/v1/activities", {
      kind: "call",
      direction: "out",
      subject: "Drill e2e call",
      durationSeconds: 60,
    });
    await page.goto(`${baseUrl}/analytics/team`);
    const table = page
      .getByTestId("analytics-widget")
      .filter({ has: page.getByRole("heading", { name: "По менеджерам" }) });
    await table
      .locator("label")
      .filter({ hasText: /^Таблица$/ })
      .click();
    const header = table.getByRole("columnheader", { name: "Исходящие звонки" });
    await header.waitFor();
    const column = await table
      .getByRole("columnheader")
      .evaluateAll((cells, name) => cells.findIndex((c) => c.textContent === name), "Исходящие звонки");
    await table.locator("tbody tr").first().locator("td").nth(column).click();
    await page.waitForURL(/\/activities\?filter=/);
    expect(new URL(page.url()).searchParams.get("filter")).toContain('"call"');
    await page.getByText("Drill e2e call").first().waitFor();
    await screenshot(page, "analytics-drill-calls-ru");
    expect(errors).toEqual([]);
  });
});
