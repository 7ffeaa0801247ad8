import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall } from "./api";
import { launchBrowser, openWorkspace, screenshot } from "./browser";
import { addUser, signInAdmin } from "./session";
import { type Language, text } from "./texts";

const baseUrl = inject("baseUrl");
const serverLog = inject("serverLog");
const unique = Date.now().toString(36);
/** The browser's own zone, far from every profile zone below: what is typed must not go through it. */
const BROWSER_ZONE = "America/Los_Angeles";

interface Day {
  y: number;
  m: number;
  d: number;
}
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * One language's working day: what a person types there (as people type, not as the app shows) and what
 * every screen must show back. Dates of the planned call are built from tomorrow in the profile's zone.
 */
interface Case {
  language: Language;
  zone: string;
  lastName: string;
  birthday: string;
  birthdayShown: string;
  phone: string;
  e164: string;
  extension: string | null;
  phoneShown: string;
  amount: string;
  amountShown: string;
  typedDay: (day: Day) => string;
  time: string;
  /** The planned call as the record pages and My day show it (date and time). */
  dueShown: (day: Day) => string;
  /** The call's time in the calendar. */
  timeShown: string;
}

const dmy = (day: Day) => `${pad(day.d)}.${pad(day.m)}.${day.y}`;
const MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

const CASES: Case[] = [
  {
    language: "ru",
    zone: "Europe/Moscow",
    lastName: `Сергеева-${unique}`,
    birthday: "12.03.1985",
    birthdayShown: "12.03.1985",
    phone: "8 (912) 345-67-89 доб. 215",
    e164: "+79123456789",
    extension: "215",
    phoneShown: "+7 912 345-67-89",
    amount: "1 250 000,50",
    amountShown: "1\u00a0250\u00a0000,50\u00a0₽",
    typedDay: dmy,
    time: "10:30",
    dueShown: (day) => `${dmy(day)} 10:30`,
    timeShown: "10:30",
  },
  {
    language: "kk",
    zone: "Asia/Almaty",
    lastName: `Әлиева-${unique}`,
    // Two-digit year of a birthday: in the past.
    birthday: "12.03.85",
    birthdayShown: "12.03.1985",
    phone: "8 701 234 56 78",
    e164: "+77012345678",
    extension: null,
    phoneShown: "+7 701 234-56-78",
    amount: "1250000,50",
    amountShown: "1\u00a0250\u00a0000,50\u00a0₽",
    typedDay: (day) => `${day.d}/${day.m}/${String(day.y).slice(2)}`,
    time: "10.30",
    dueShown: (day) => `${dmy(day)} 10:30`,
    timeShown: "10:30",
  },
  {
    language: "sr",
    zone: "Europe/Belgrade",
    lastName: `Јовановић-${unique}`,
    // Serbian writes a dot after the year and often a space after each dot.
    birthday: "12. 3. 1985.",
    birthdayShown: "12.03.1985",
    phone: "+381 64 123 4567",
    e164: "+381641234567",
    extension: null,
    phoneShown: "+381 64 123 4567",
    amount: "1.250.000,50",
    amountShown: "1.250.000,50\u00a0₽",
    typedDay: (day) => `${day.d}.${day.m}.${day.y}.`,
    time: "10:30",
    dueShown: (day) => `${dmy(day)} 10:30`,
    timeShown: "10:30",
  },
  {
    language: "sr-Latn",
    zone: "Europe/Belgrade",
    lastName: `Petrović-${unique}`,
    birthday: "12-03-1985",
    birthdayShown: "12.03.1985",
    phone: "+381 11 323 4567",
    e164: "+381113234567",
    extension: null,
    phoneShown: "+381 11 323 4567",
    amount: "1250000,5",
    amountShown: "1.250.000,50\u00a0₽",
    typedDay: (day) => `${day.d}. ${day.m}. ${day.y}.`,
    time: "1030",
    dueShown: (day) => `${dmy(day)} 10:30`,
    timeShown: "10:30",
  },
  {
    language: "en",
    zone: "Europe/London",
    lastName: `Walker-${unique}`,
    birthday: "3/12/1985",
    birthdayShown: "Mar 12, 1985",
    phone: "+1 (415) 555-0134",
    e164: "+14155550134",
    extension: null,
    phoneShown: "+1 415 555-0134",
    amount: "1,250,000.50",
    amountShown: "₽1,250,000.50",
    typedDay: (day) => `${day.m}/${day.d}/${day.y}`,
    time: "10:30 am",
    dueShown: (day) => `${MONTHS_EN[day.m - 1]} ${day.d}, ${day.y}, 10:30\u202fAM`,
    timeShown: "10:30\u202fAM",
  },
];

/** The wall-clock day in `zone` of `at`. */
function dayIn(zone: string, at: Date): Day {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: part("year"), m: part("month"), d: part("day") };
}

function tomorrowIn(zone: string): Day {
  const today = dayIn(zone, new Date());
  const next = new Date(Date.UTC(today.y, today.m - 1, today.d + 1));
  return { y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate() };
}

/** The UTC instant at which the clock in `zone` shows `day` hh:mm. */
function instantIn(zone: string, day: Day, hour: number, minute: number): string {
  const guess = Date.UTC(day.y, day.m - 1, day.d, hour, minute);
  const wall = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  }).formatToParts(new Date(guess));
  const part = (type: string) => Number(wall.find((p) => p.type === type)?.value);
  const offset =
    Date.UTC(part("year"), part("month") - 1, part("day"), part("hour") % 24, part("minute")) - guess;
  return new Date(guess - offset).toISOString();
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The text box labelled `label` (with or without the required mark). */
function box(scope: Locator, label: string): Locator {
  return scope.getByRole("textbox", { name: new RegExp(`^${escapeRegExp(label)}( \\*)?$`) });
}

interface ContactRecord {
  birthday: string | null;
  phones: { raw: string; e164: string | null; extension?: string | null }[];
}
interface TaskRecord {
  id: string;
  title: string;
  dueAt: string | null;
}

/**
 * A sales manager's working day in each interface language with the browser in another time zone than the
 * profile's: a contact with a birthday and a phone, a deal with an amount, a call planned for tomorrow 10:30 —
 * all typed the way people type them — and the values checked in the API and on every screen showing them.
 */
describe("a working day typed in ru, kk, sr, sr-Latn and en", () => {
  let browser: Browser;
  let admin: BrowserContext;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await browser.newContext();
    await signInAdmin(admin, baseUrl);
    // The browser speaks English and lives in California; the manager does neither.
    context = await browser.newContext({
      locale: "en-US",
      timezoneId: BROWSER_ZONE,
      viewport: { width: 1280, height: 860 },
    });
    await addUser(admin, context, baseUrl, serverLog, {
      email: `day-${unique}@example.com`,
      name: `Менеджер ${unique}`,
      password: "Quartz-Meadow-Harbor-58!",
      roleKey: "sales_manager",
    });
    ({ page, pageErrors } = await openWorkspace(context, baseUrl));
  });

  afterAll(async () => {
    await context?.close();
    await admin?.close();
    await browser?.close();
  });

  /** The field `key` of a record page's panels shows `value`. */
  async function fieldShows(key: string, value: string) {
    const field = page.locator(`[data-testid="record-field"][data-field="${key}"]`);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the user reads
    await expect.poll(() => field.first().innerText()).toContain(value);
  }

  for (const c of CASES) {
    it(`${c.language}: types a contact, a deal and a call for tomorrow; API and screens agree`, async () => {
      const t = (key: string, values?: Record<string, string | number>) => text(c.language, key, values);
      await apiCall(page, "PATCH", "/api/v1/me", { language: c.language, timeZone: c.zone });
      const tomorrow = tomorrowIn(c.zone);

      // A contact: birthday and phone typed.
      await page.goto(`${baseUrl}/contacts`);
      await page.getByRole("button", { name: t("contacts.create") }).click();
      let dialog: Locator = page.getByRole("dialog", { name: t("contacts.create") });
      await box(dialog, t("fields.contacts.firstName")).fill("Ана");
      await box(dialog, t("fields.contacts.lastName")).fill(c.lastName);
      await box(dialog, t("fields.contacts.birthday")).fill(c.birthday);
      await dialog
        .getByRole("group", { name: t("records.phones") })
        .getByRole("button")
        .first()
        .click();
      await box(dialog, t("records.phone")).fill(c.phone);
      await dialog.getByRole("button", { name: t("records.create") }).click();
      await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
      const contactId = page.url().split("/").pop() ?? "";
      const contact = await apiCall<ContactRecord>(page, "GET", `/api/v1/contacts/${contactId}`);
      expect(contact.birthday).toBe("1985-03-12");
      expect(contact.phones[0]?.e164).toBe(c.e164);
      expect(contact.phones[0]?.extension ?? null).toBe(c.extension);
      await fieldShows("birthday", c.birthdayShown);
      await fieldShows("phone", c.phoneShown);

      // A deal from the contact (currency: the workspace's RUB), the amount typed with separators.
      await page
        .getByRole("button", { name: t("deals.create") })
        .first()
        .click();
      dialog = page.getByRole("dialog", { name: t("deals.create") });
      await box(dialog, t("fields.deals.title")).fill(c.lastName);
      await box(dialog, t("fields.deals.amount")).fill(c.amount);
      await dialog.getByRole("button", { name: t("records.create") }).click();
      await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
      const dealId = page.url().split("/").pop() ?? "";
      const deal = await apiCall<{ amount: string; currency: string }>(
        page,
        "GET",
        `/api/v1/deals/${dealId}`,
      );
      expect(deal).toMatchObject({ amount: "1250000.50", currency: "RUB" });
      await page.getByText(c.amountShown).first().waitFor();

      // A call for tomorrow 10:30 (the profile's clock) planned from the deal.
      const title = `${t("options.type.call")} ${c.lastName}`;
      await page
        .getByRole("button", { name: t("records.planTask") })
        .first()
        .click();
      dialog = page.getByRole("dialog", { name: t("tasks.create") });
      await box(dialog, t("fields.tasks.title")).fill(title);
      await box(dialog, t("fields.tasks.dueAt")).fill(c.typedDay(tomorrow));
      await box(dialog, t("dates.time")).fill(c.time);
      await dialog.getByRole("button", { name: t("records.create") }).click();
      await dialog.waitFor({ state: "hidden" });
      const tasks = await apiCall<{ items: TaskRecord[] }>(
        page,
        "GET",
        `/api/v1/tasks?limit=5&filter=${encodeURIComponent(JSON.stringify({ field: "title", op: "eq", value: title }))}`,
      );
      expect(tasks.items.map((task) => task.dueAt)).toEqual([instantIn(c.zone, tomorrow, 10, 30)]);
      const due = c.dueShown(tomorrow);
      await page.getByRole("listitem").filter({ hasText: title }).getByText(due).waitFor();

      // The same day and time on the task's page, My day and the calendar.
      await page.goto(`${baseUrl}/tasks/${tasks.items[0]?.id}`);
      await page.getByText(due, { exact: true }).first().waitFor();
      await page.goto(`${baseUrl}/my-day`);
      await page.getByTestId("my-day-task").filter({ hasText: title }).getByText(due).waitFor();
      await page.goto(`${baseUrl}/calendar`);
      const event = page.getByTestId("calendar-event").filter({ hasText: title });
      await page.getByRole("heading", { level: 2 }).first().waitFor();
      if (
        !(await event
          .first()
          .isVisible()
          .catch(() => false))
      ) {
        // Tomorrow may be in next week.
        await event
          .first()
          .waitFor({ timeout: 3_000 })
          .catch(async () => {
            await page.getByRole("button", { name: t("calendar.next") }).click();
          });
      }
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the user reads
      await expect.poll(() => event.first().innerText()).toContain(c.timeShown);
      await screenshot(page, `locale-day-${c.language}-calendar`);
    });
  }

  it("did not throw in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
