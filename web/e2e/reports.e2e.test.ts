import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall } from "./api";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { ADMIN } from "./config";

const baseUrl = inject("baseUrl");

/**
 * The done-when path in the browser: build "won revenue by manager by month" as a bar chart, drill into a
 * bar (the deals list opens with the bar's filter), save it to a dashboard and schedule it weekly to one's own
 * email. (Delivery through SMTP is covered by server/src/modules/reports/schedules.test.ts.)
 */
describe("report builder: won revenue by manager by month", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: "en-US", viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    errors = trackPageErrors(page);
    await page.goto(`${baseUrl}/login`);
    const signedIn = page.getByRole("navigation", { name: /Main navigation|Основная навигация/ });
    for (const password of [ADMIN.password, `${ADMIN.password}-2`]) {
      await page.getByLabel(/^Email/).fill(ADMIN.email);
      await page.getByLabel(/^Password/).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await signedIn.or(page.getByText("Incorrect email or password.")).first().waitFor();
      if (await signedIn.isVisible()) break;
    }
    await apiCall(page, "PATCH", "/api/v1/me", { language: "en" });
    // Won deals to report on.
    const pipelines = await apiCall<{ items: { id: string; stages: { id: string; kind: string }[] }[] }>(
      page,
      "GET",
      "/api/v1/pipelines",
    );
    const pipeline = pipelines.items[0];
    const won = pipeline?.stages.find((s) => s.kind === "won");
    const company = await apiCall<{ id: string }>(page, "POST", "/api/v1/companies", { name: "Report Co" });
    for (const amount of ["1200.00", "800.00"]) {
      await apiCall(page, "POST", "/api/v1/deals", {
        title: `Won ${amount}`,
        companyId: company.id,
        amount,
        currency: "RUB",
        pipelineId: pipeline?.id,
        stageId: won?.id,
      });
    }
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const pick = async (testId: string, option: RegExp) => {
    await page.getByTestId(testId).click();
    await page.getByRole("option", { name: option }).first().click();
  };

  it("builds the bar chart and drills into a bar", async () => {
    await page.goto(`${baseUrl}/reports/new`);
    await page.getByTestId("report-entity").waitFor();
    await page.getByTestId("report-add-group").click();
    await page.getByTestId("report-add-group").click();
    await page.getByTestId("report-group-1").click();
    await page.getByTestId("report-group-1").fill("Clos");
    await page.getByRole("option", { name: /Clos/ }).first().click();
    await pick("report-fn-0", /^Sum$/);
    await pick("report-field-0", /Amount/);
    await page.getByTestId("report-name").fill("Won revenue by manager by month");
    const chart = page.getByTestId("analytics-widget");
    await chart.locator("svg").first().waitFor();
    await screenshot(page, "reports-01-builder");
    await page.getByTestId("report-save").click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    // Drill down: the table view's first row opens the deals list with the row's filter.
    // SegmentedControl's radio inputs are visually hidden; the user clicks the segment's label.
    await chart
      .locator("label")
      .filter({ hasText: /^Table$/ })
      .click();
    // Rows the list screen cannot express (no drill filter) are not clickable.
    await chart.locator("tbody tr[data-drill]").first().click();
    await page.waitForURL(/\/deals\?filter=/);
    await page.getByText("Won 1200.00").or(page.getByText("Won 800.00")).first().waitFor();
    await screenshot(page, "reports-02-drill");
    await page.goBack();
  });

  it("saves it to a dashboard and schedules it weekly to the user's email", async () => {
    await page.getByTestId("report-add-dashboard").click();
    await page.getByTestId("dashboard-name").fill("Head of sales");
    await page.getByTestId("dashboard-add-save").click();
    await page.waitForURL(/\/dashboards\//);
    await page.getByTestId("dashboard-widget").first().locator("svg").first().waitFor();
    await screenshot(page, "reports-03-dashboard");
    const reports = await apiCall<{ items: { id: string; name: string }[] }>(page, "GET", "/api/v1/reports");
    const report = reports.items.find((r) => r.name === "Won revenue by manager by month");
    expect(report).toBeDefined();
    await page.goto(`${baseUrl}/reports/${report?.id}`);
    await page.getByTestId("report-schedule").click();
    await page.getByTestId("schedule-save").click();
    await page.getByTestId("schedule-item").first().waitFor();
    const schedules = await apiCall<{ items: { frequency: string; format: string }[] }>(
      page,
      "GET",
      `/api/v1/report-schedules?reportId=${report?.id}`,
    );
    expect(schedules.items[0]).toMatchObject({ frequency: "weekly", format: "pdf" });
    await screenshot(page, "reports-04-schedule");
    expect(errors).toEqual([]);
  });
});
