import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall, dragTo } from "./api";
import { launchBrowser, publishScreenshots, screenshot, trackPageErrors } from "./browser";
import { ADMIN, ARTIFACTS_DIR } from "./config";
import { createTeamRecords, TEAM } from "./team-records";

const baseUrl = inject("baseUrl");
const unique = Date.now().toString(36);
const COMPANY = `Ромашка ${unique}`;
const LAST_NAME = `Петрова-${unique}`;
const DEAL = `Поставка ${unique}`;
const CALL = `Позвонить Анне ${unique}`;
const DUPLICATE = `Дубль-${unique}`;

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

/** Fills a record picker (async search select) and chooses the option containing `text`. */
async function pick(scope: Locator, label: string, text: string) {
  await scope.getByLabel(label, { exact: true }).first().fill(text.slice(0, 12));
  await scope
    .page()
    .getByRole("option", { name: new RegExp(text) })
    .first()
    .click();
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

  /** "New contact" on the contacts list: name, the company, one phone typed in local format. */
  async function createContact(
    firstName: string,
    lastName: string,
    phone: string,
    beforeSave?: (dialog: Locator) => Promise<void>,
  ) {
    await page.goto(`${baseUrl}/contacts`);
    await page.getByRole("button", { name: "Новый контакт" }).click();
    const dialog = page.getByRole("dialog", { name: "Новый контакт" });
    await dialog.getByLabel("Имя", { exact: true }).fill(firstName);
    await dialog.getByLabel("Фамилия", { exact: true }).fill(lastName);
    await dialog.getByRole("group", { name: "Компании" }).getByRole("button", { name: "Добавить" }).click();
    await pick(dialog, "Компания", COMPANY);
    await dialog.getByRole("group", { name: "Телефоны" }).getByRole("button", { name: "Добавить" }).click();
    await dialog.getByLabel("Телефон", { exact: true }).fill(phone);
    await beforeSave?.(dialog);
    await dialog.getByRole("button", { name: "Создать" }).click();
  }

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

  it("finds the records colleagues already entered (companies, people, deals, this week's meetings)", async () => {
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    await createTeamRecords(page, tomorrow);
  });

  it("creates a company, a contact with a local phone number and a deal through the dialogs", async () => {
    await page.goto(`${baseUrl}/companies`);
    await page.getByRole("button", { name: "Новая компания" }).click();
    let dialog = page.getByRole("dialog", { name: "Новая компания" });
    await dialog.getByRole("textbox", { name: /^Название/ }).fill(COMPANY);
    await dialog.getByRole("button", { name: "Создать" }).click();
    await page.waitForURL(/\/companies\/[0-9a-f-]{36}$/);

    await createContact("Анна", LAST_NAME, "8 912 345-67-89");
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    const contactUrl = page.url();
    await page.getByText(LAST_NAME).first().waitFor();

    await page.goto(`${baseUrl}/deals`);
    await page.getByRole("button", { name: "Новая сделка" }).click();
    dialog = page.getByRole("dialog", { name: "Новая сделка" });
    await dialog.getByRole("textbox", { name: /^Название/ }).fill(DEAL);
    await pick(dialog, "Компания", COMPANY);
    await pick(dialog, "Контакт", LAST_NAME);
    await dialog.getByLabel("Сумма", { exact: true }).fill("125000,50");
    await dialog.getByLabel("Валюта", { exact: true }).fill("RUB");
    await page.getByRole("option", { name: "RUB", exact: true }).click();
    await dialog.getByRole("button", { name: "Создать" }).click();
    await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
    dealId = page.url().split("/").pop() ?? "";
    const deal = await apiCall<{ amount: string; currency: string; pipelineId: string }>(
      page,
      "GET",
      `/api/v1/deals/${dealId}`,
    );
    expect(deal).toMatchObject({ amount: "125000.50", currency: "RUB" });
    const pipelines = await apiCall<{ items: Pipeline[] }>(page, "GET", "/api/v1/pipelines");
    pipeline = pipelines.items.find((item) => item.id === deal.pipelineId) as Pipeline;

    await page.goto(contactUrl);
    await page.getByText(LAST_NAME).first().waitFor();
    await screenshot(page, "10-contact");
  });

  it("warns about the duplicate phone when creating a second contact, and merges them", async () => {
    await createContact("Анна", DUPLICATE, "+7 (912) 345 67 89", async (dialog) => {
      // Checked while typing, before saving…
      const hint = dialog.getByRole("note").filter({ hasText: "Записи с таким телефоном уже есть" });
      await hint.getByRole("link", { name: new RegExp(LAST_NAME) }).waitFor();
    });
    // …and reported again by the server once created.
    const dialog = page.getByRole("dialog", { name: "Новый контакт" });
    const warning = dialog.getByRole("status").filter({ hasText: "Возможные дубликаты" });
    await warning.getByText("тот же телефон").waitFor();
    await warning.getByRole("link", { name: new RegExp(LAST_NAME) }).waitFor();
    await warning.getByRole("link", { name: "Объединить" }).click();
    await page.getByRole("heading", { name: "Объединение дубликатов" }).waitFor();
    await page.getByRole("button", { name: "Объединить" }).click();
    await page.getByText("Записи объединены.").waitFor();
  });

  it("exports the contacts list as vCard and downloads the file", async () => {
    await page.goto(`${baseUrl}/contacts`);
    await page.getByText(LAST_NAME).first().waitFor();
    await page.getByRole("button", { name: "Экспорт", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Экспорт записей" });
    await dialog.getByText("vCard (.vcf)").click();
    await dialog.getByRole("button", { name: "Экспортировать" }).click();
    const link = dialog.getByRole("link", { name: "Скачать" });
    await link.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const path = join(ARTIFACTS_DIR, "contacts.vcf");
    await download.saveAs(path);
    const card = readFileSync(path, "utf8");
    expect(card).toContain("BEGIN:VCARD");
    expect(card).toContain(LAST_NAME);
    expect(card).not.toContain(DUPLICATE); // merged away
    await dialog.getByRole("button", { name: "Закрыть" }).click();
  });

  it("filters the contacts table by city with the filter builder and chooses columns", async () => {
    await page.goto(`${baseUrl}/contacts`);
    const table = page.getByRole("grid", { name: "Контакты" });
    await table.getByText(LAST_NAME).first().waitFor();
    await page.getByRole("button", { name: "Фильтры", exact: true }).click();
    const drawer = page.getByRole("dialog", { name: "Фильтры" });
    await drawer.getByRole("button", { name: "Добавить условие" }).click();
    await drawer.getByLabel("Поле", { exact: true }).last().fill("Город");
    await page.getByRole("option", { name: "Город", exact: true }).click();
    await drawer.getByLabel("Значение", { exact: true }).last().fill(TEAM.city);
    // Only the people in Moscow stay: the newcomer's contact (no city) and Saint Petersburg are filtered out.
    await table.getByText(LAST_NAME).waitFor({ state: "detached" });
    await table.getByText("Волкова").waitFor({ state: "detached" });
    await table.getByText("Иван Смирнов").waitFor();
    await page.getByRole("button", { name: "1 фильтр" }).waitFor();
    await screenshot(page, "19-contacts-filter");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "Столбцы" }).click();
    await page.getByRole("checkbox", { name: "Город" }).waitFor();
    await page.waitForTimeout(400); // let the popover's fade-in finish before the screenshot
    await screenshot(page, "20-contacts-columns");
    await page.keyboard.press("Escape");
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
    // The week view starts on Monday in Russian: on a Sunday, tomorrow is in the next week.
    if (tomorrow.getDay() === 1) await page.getByRole("button", { name: "Вперёд" }).click();
    await page.getByTestId("calendar-event").filter({ hasText: CALL }).first().waitFor();
    await page.getByTestId("calendar-event").filter({ hasText: TEAM.meeting }).first().waitFor();
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
    // Long titles are cut with an ellipsis instead of widening the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, "14-my-day-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("shows the deal page with its stage moves and the logged call", async () => {
    await page.goto(`${baseUrl}/deals/${dealId}`);
    await page.getByRole("heading", { name: DEAL }).waitFor();
    await page.getByText("Договорились о встрече в пятницу").first().waitFor();
    await screenshot(page, "21-deal");
  });

  it("finds the contact by a phone fragment with Ctrl+K", async () => {
    await page.goto(`${baseUrl}/my-day`);
    await page.getByRole("heading", { name: "Мой день", level: 1 }).waitFor();
    await page.keyboard.press("Control+k");
    const search = page.getByRole("dialog");
    await search.getByRole("combobox").fill("345-67");
    await search.getByText(LAST_NAME).first().waitFor();
    await screenshot(page, "15-search");
    // One word finds the company, the people and the deal, grouped by kind.
    await search.getByRole("combobox").fill(TEAM.searchTerm);
    for (const group of ["Компании", "Контакты", "Сделки"]) {
      await search.getByRole("group", { name: group }).getByRole("option").first().waitFor();
    }
    await screenshot(page, "22-search-groups");
    await page.keyboard.press("Escape");
  });

  it("reviews a role in Settings: the permission grid and the field rules", async () => {
    await page.goto(`${baseUrl}/settings/roles`);
    await page.getByRole("button", { name: "Изменить: Менеджер по продажам" }).click();
    const editor = page.getByRole("dialog", { name: "Менеджер по продажам" });
    await editor.getByRole("tab", { name: "Права на записи" }).waitFor();
    await editor.getByText("Сделки").first().waitFor();
    await screenshot(page, "23-role-permissions");
    await editor.getByRole("button", { name: "Отмена" }).click();
    await editor.waitFor({ state: "hidden" });
    // The support agent reads deals without their amounts: the field rules show it.
    await page.getByRole("button", { name: "Изменить: Специалист поддержки" }).click();
    const support = page.getByRole("dialog", { name: "Специалист поддержки" });
    await support.getByRole("tab", { name: "Правила полей" }).click();
    await support.getByLabel("Поля раздела").click();
    await page.getByRole("option", { name: "Сделки", exact: true }).click();
    await support.getByText("Сумма", { exact: true }).waitFor();
    await screenshot(page, "24-role-field-rules");
    await support.getByRole("button", { name: "Отмена" }).click();
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
    await page.getByTestId("import-dry-run").waitFor({ timeout: 60_000 });
    await screenshot(page, "17-import-check");
    await page.getByRole("button", { name: "Начать импорт" }).click();
    const result = page.getByTestId("import-result");
    await result.getByText("Импорт завершён.").waitFor({ timeout: 60_000 });
    await screenshot(page, "18-import-result");
    await result.getByRole("button", { name: "Отменить импорт" }).click();
    await result.getByText("Импорт отменён.").waitFor({ timeout: 60_000 });
  });

  it("keeps the README screenshots (refreshed with UPDATE_SCREENSHOTS=1) and did not throw in the page", () => {
    const missing = publishScreenshots([
      ["12-my-day", "my-day.png"],
      ["11-board", "pipeline-board.png"],
      ["10-contact", "contact.png"],
      ["16-import-mapping", "import-wizard.png"],
      ["14-my-day-phone", "my-day-phone.png"],
      ["20-contacts-columns", "contacts-filter.png"],
      ["13-calendar", "calendar-week.png"],
      ["21-deal", "deal.png"],
      ["23-role-permissions", "role-permissions.png"],
      ["24-role-field-rules", "role-field-rules.png"],
      ["22-search-groups", "search.png"],
    ]);
    expect(missing).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
