import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall, dragTo } from "./api";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { ADMIN, ARTIFACTS_DIR, WEB_DIR } from "./config";

const baseUrl = inject("baseUrl");
const SCREENSHOTS_DIR = join(WEB_DIR, "..", "docs", "screenshots");
const unique = Date.now().toString(36);
const COMPANY = `Ромашка ${unique}`;
const LAST_NAME = `Петрова-${unique}`;
const DEAL = `Поставка ${unique}`;
const CALL = `Позвонить Анне ${unique}`;

interface Stage {
  id: string;
  name: string;
  kind: "open" | "won" | "lost";
}
interface Pipeline {
  id: string;
  isDefault: boolean;
  stages: Stage[];
}

async function center(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error("element is not visible");
  return { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 60) };
}

/** A newcomer's first day in Russian: records, the board, a planned call, the call result, search, an import. */
describe("newcomer's day", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let pipeline: Pipeline;
  let dealId = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: "ru-RU", viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    pageErrors = trackPageErrors(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("signs in and switches the interface to Russian", async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByRole("button", { name: /Change language|Сменить язык|язык/i }).click();
    await page.getByRole("menuitem", { name: "English" }).click();
    await page.getByLabel(/^Email/).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    const mustChange = page.getByRole("heading", { name: "Choose a new password" });
    await nav.or(mustChange).first().waitFor();
    if (await mustChange.isVisible()) {
      const next = `${ADMIN.password}-2`;
      await page.getByLabel(/^New password/).fill(next);
      await page.getByLabel(/^Repeat new password/).fill(next);
      await page.getByRole("button", { name: "Change password" }).click();
      await nav.waitFor();
    }
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Русский" }).click();
    await page
      .getByRole("navigation", { name: "Основная навигация" })
      .getByRole("link", { name: "Мой день" })
      .waitFor();
  });

  it("creates a company, a contact with a local phone number and a deal", async () => {
    // Driven through the API: the create dialogs are being built in parallel (records screens).
    const company = await apiCall<{ id: string }>(page, "POST", "/api/v1/companies", { name: COMPANY });
    const contact = await apiCall<{ id: string }>(page, "POST", "/api/v1/contacts", {
      firstName: "Анна",
      lastName: LAST_NAME,
      phones: [{ kind: "mobile", raw: "8 (912) 345-67-89" }],
      companies: [{ companyId: company.id, isPrimary: true }],
    });
    const pipelines = await apiCall<{ items: Pipeline[] }>(page, "GET", "/api/v1/pipelines");
    pipeline = pipelines.items.find((item) => item.isDefault) ?? (pipelines.items[0] as Pipeline);
    const deal = await apiCall<{ id: string }>(page, "POST", "/api/v1/deals", {
      title: DEAL,
      companyId: company.id,
      contactId: contact.id,
      amount: "125000.50",
      currency: "RUB",
      pipelineId: pipeline.id,
    });
    dealId = deal.id;
    await page.goto(`${baseUrl}/contacts/${contact.id}`);
    await page.getByText(LAST_NAME).first().waitFor();
    await screenshot(page, "10-contact");
  });

  it("drags the deal across two stages on the board", async () => {
    await page.goto(`${baseUrl}/pipeline`);
    const card = page.getByTestId("deal-card").filter({ hasText: DEAL });
    await card.waitFor();
    const open = pipeline.stages.filter((stage) => stage.kind === "open");
    for (const stage of open.slice(1, 3)) {
      const column = page.locator(`[data-testid="board-column"][data-stage-id="${stage.id}"]`);
      await column.scrollIntoViewIfNeeded();
      await dragTo(page, await center(card), await center(column));
      await column.getByTestId("deal-card").filter({ hasText: DEAL }).waitFor();
      await expect
        .poll(
          async () => (await apiCall<{ stageId: string }>(page, "GET", `/api/v1/deals/${dealId}`)).stageId,
        )
        .toBe(stage.id);
    }
    await screenshot(page, "11-board");
  });

  it("plans a call for tomorrow and sees it in My day and the calendar", async () => {
    await page.goto(`${baseUrl}/my-day`);
    const dealRow = page.getByRole("listitem").filter({ hasText: DEAL });
    await dealRow.getByRole("button", { name: "Запланировать шаг" }).click();
    const dialog = page.getByRole("dialog", { name: "Запланировать задачу" });
    await dialog.getByLabel("Что сделать").fill(CALL);
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    const iso = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, "0")}-${String(tomorrow.getDate()).padStart(2, "0")}`;
    await dialog.getByLabel("Дата").fill(iso);
    await dialog.getByLabel("Время").fill("10:30");
    await dialog.getByRole("button", { name: "Создать" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByTestId("my-day-task").filter({ hasText: CALL }).waitFor();
    await screenshot(page, "12-my-day");

    await page.goto(`${baseUrl}/calendar`);
    await page.getByTestId("calendar-event").filter({ hasText: CALL }).first().waitFor();
    await screenshot(page, "13-calendar");
  });

  it("logs the call result from My day", async () => {
    await page.goto(`${baseUrl}/my-day`);
    const row = page.getByTestId("my-day-task").filter({ hasText: CALL });
    await row.getByRole("button", { name: "Итог звонка" }).click();
    const dialog = page.getByRole("dialog", { name: "Записать результат звонка" });
    await dialog.getByText("Дозвонился").click();
    await dialog.getByLabel("Заметка").fill("Договорились о встрече в пятницу");
    await dialog.getByRole("button", { name: "Сохранить и выполнить" }).click();
    await row.waitFor({ state: "detached" });
    await page.setViewportSize({ width: 360, height: 780 });
    await page.reload();
    await page.getByRole("heading", { name: "Мой день", level: 1 }).waitFor();
    await page.getByRole("listitem").filter({ hasText: DEAL }).waitFor();
    await screenshot(page, "14-my-day-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("finds the contact by a phone fragment with Ctrl+K", async () => {
    await page.goto(`${baseUrl}/my-day`);
    await page.getByRole("heading", { name: "Мой день", level: 1 }).waitFor();
    await page.keyboard.press("Control+k");
    const search = page.getByRole("dialog");
    await search.getByRole("combobox").fill("345-67");
    await search.getByText(LAST_NAME).first().waitFor();
    await screenshot(page, "15-search");
    await page.keyboard.press("Escape");
  });

  it("imports a small CSV and undoes it", async () => {
    const csv = join(ARTIFACTS_DIR, "newcomer-import.csv");
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(
      csv,
      `Имя;Телефон;Email\nИгорь ${unique};+7 900 111-22-33;igor-${unique}@example.com\nОльга ${unique};+7 900 444-55-66;olga-${unique}@example.com\n`,
    );
    await page.goto(`${baseUrl}/import?entity=contacts`);
    const wizard = page.getByTestId("import-wizard");
    await page.getByTestId("import-file").setInputFiles(csv);
    await expect.poll(() => wizard.getAttribute("data-step")).toBe("mapping");
    await page.getByLabel("Поле для «Телефон»").first().waitFor();
    await screenshot(page, "16-import-mapping");
    await page.getByRole("button", { name: "Продолжить" }).click();
    await page.getByRole("button", { name: "Проверить файл" }).click();
    await page.getByTestId("import-dry-run").waitFor();
    await screenshot(page, "17-import-check");
    await page.getByRole("button", { name: "Начать импорт" }).click();
    const result = page.getByTestId("import-result");
    await result.getByText("Импорт завершён.").waitFor({ timeout: 60_000 });
    await screenshot(page, "18-import-result");
    await result.getByRole("button", { name: "Отменить импорт" }).click();
    await result.getByText("Импорт отменён.").waitFor({ timeout: 60_000 });
  });

  it("keeps the best screenshots for the README and did not throw in the page", () => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    const keep: [string, string][] = [
      ["12-my-day", "my-day.png"],
      ["11-board", "pipeline-board.png"],
      ["10-contact", "contact.png"],
      ["16-import-mapping", "import-wizard.png"],
      ["14-my-day-phone", "my-day-phone.png"],
    ];
    for (const [from, to] of keep)
      copyFileSync(join(ARTIFACTS_DIR, `${from}.png`), join(SCREENSHOTS_DIR, to));
    expect(pageErrors).toEqual([]);
  });
});
