import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall } from "./api";
import { launchBrowser, openWorkspace, screenshot } from "./browser";
import { ARTIFACTS_DIR } from "./config";
import { addUser, signInAdmin } from "./session";
import { type Language, text } from "./texts";

const baseUrl = inject("baseUrl");
const serverLog = inject("serverLog");
const unique = Date.now().toString(36);
/** Screenshots land in the e2e artifacts folder (gitignored), one per screen and language. */
const SHOTS = "tables-fit";

/**
 * What a screen cuts off: every visible box that clips its content (`overflow: hidden`/`clip`, so table cells,
 * badges, tabs, headings with an ellipsis) and holds text wider than itself, a table whose columns do not fit
 * its width (the owner column behind a horizontal scroll), and a page that scrolls sideways.
 */
async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const visible = (el: HTMLElement) => {
      const box = el.getBoundingClientRect();
      return box.width > 2 && box.height > 2 && el.getClientRects().length > 0;
    };
    // Labels are never cut; a cell's long text may end in "…" when its tooltip shows it in full.
    const LABEL =
      "h1, h2, h3, h4, h5, h6, dt, [role='tab'], [role='columnheader'], nav a, .mantine-Badge-root";
    for (const el of document.querySelectorAll<HTMLElement>("body *")) {
      const style = getComputedStyle(el);
      const clips = ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
      if (!clips || style.display === "inline" || !visible(el)) continue;
      // Scroll areas, inputs and screen-reader-only texts clip on purpose.
      if (el.closest("input, textarea, [aria-hidden='true'], .mantine-ScrollArea-viewport")) continue;
      if (style.position === "absolute" && style.clip !== "auto") continue;
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the user reads
      const shown = (el.innerText || "").trim().replace(/\s+/g, " ");
      if (!shown) continue;
      const wide = el.scrollWidth > el.clientWidth + 1;
      const clamped = style.webkitLineClamp !== "none" && el.scrollHeight > el.clientHeight + 1;
      if (!wide && !clamped) continue;
      const tooltip = el.closest("[title]")?.getAttribute("title")?.replace(/\s+/g, " ").trim();
      if (!el.closest(LABEL) && tooltip && tooltip.length >= shown.replace(/…$/, "").length) continue;
      const size = wide
        ? `${el.clientWidth} of ${el.scrollWidth} px`
        : `${el.clientHeight} of ${el.scrollHeight} px high`;
      found.push(
        `cut: "${shown.slice(0, 60)}" (${size}) <${el.tagName.toLowerCase()} class="${el.className}">`,
      );
    }
    for (const grid of document.querySelectorAll<HTMLElement>("[role='grid']")) {
      if (grid.scrollWidth > grid.clientWidth + 1)
        found.push(`table scrolls sideways: ${grid.clientWidth} of ${grid.scrollWidth} px`);
    }
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1)
      found.push(`page scrolls sideways: ${root.clientWidth} of ${root.scrollWidth} px`);
    return [...new Set(found)];
  });
}

interface Sample {
  owner: string;
  company: string;
  contact: { firstName: string; middleName: string; lastName: string; position: string };
  deal: string;
  task: string;
  city: string;
  street: string;
}

/** Long names and titles as people have them, in the interface language. */
const SAMPLES: Record<"ru" | "kk", Sample> = {
  ru: {
    owner: "Александра Константинова",
    company: "ООО «Северо-Западная логистическая компания»",
    contact: {
      firstName: "Константин",
      middleName: "Александрович",
      lastName: "Преображенский",
      position: "Руководитель отдела закупок",
    },
    deal: "Поставка складского оборудования для распределительного центра в Подольске",
    task: "Позвонить Константину по поводу спецификации",
    city: "Санкт-Петербург",
    street: "Набережная Обводного канала, 118",
  },
  kk: {
    owner: "Жанаргүл Нұрмұхамбетова",
    company: "«Қазақстан Темір Жолы Логистикасы» АҚ",
    contact: {
      firstName: "Нұрсұлтан",
      middleName: "Әбішұлы",
      lastName: "Тұрсынбекұлы",
      position: "Сатып алу бөлімінің басшысы",
    },
    deal: "Алматыдағы тарату орталығына қойма жабдықтарын жеткізу және орнату",
    task: "Нұрсұлтанға техникалық ерекшелік бойынша қоңырау шалу",
    city: "Өскемен",
    street: "Қазақстан көшесі, 62",
  },
};

/**
 * The lists (companies, contacts, deals, tasks), My day and a contact's page at 1280×800 in Russian and Kazakh
 * with long, real-looking names: no cell, badge, heading or label is cut off, and nothing scrolls sideways.
 */
describe("tables and labels fit 1280 px in ru and kk", () => {
  let browser: Browser;
  let admin: BrowserContext;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(join(ARTIFACTS_DIR, SHOTS), { recursive: true });
    browser = await launchBrowser();
    admin = await browser.newContext();
    await signInAdmin(admin, baseUrl);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await admin?.close();
    await browser?.close();
  });

  for (const language of ["ru", "kk"] as Language[]) {
    it(`${language}: lists, My day and a record page at 1280×800`, async () => {
      const sample = SAMPLES[language as "ru" | "kk"];
      const context = await browser.newContext({
        locale: "en-US",
        timezoneId: "UTC",
        viewport: { width: 1280, height: 800 },
      });
      contexts.push(context);
      await addUser(admin, context, baseUrl, serverLog, {
        email: `fit-${language}-${unique}@example.com`,
        name: sample.owner,
        password: "Lantern-Orchard-Pebble-73!",
        roleKey: "admin",
      });
      const opened = await openWorkspace(context, baseUrl);
      const page = opened.page;
      const zone = language === "kk" ? "Asia/Almaty" : "Europe/Moscow";
      await apiCall(page, "PATCH", "/api/v1/me", { language, timeZone: zone });

      const field = `extra_${language}_${unique}`.slice(0, 40);
      await apiCall(page, "POST", "/api/v1/custom-fields", {
        entity: "contacts",
        key: field,
        label: language === "kk" ? "Клиенттің сегменті" : "Сегмент клиента",
        type: "text",
      });
      const company = await apiCall<{ id: string }>(page, "POST", "/api/v1/companies", {
        name: sample.company,
        types: ["customer", "partner"],
        industry: language === "kk" ? "Көлік және логистика" : "Транспорт и логистика",
        phones: [{ raw: "+7 916 123-45-67" }],
        addresses: [{ city: sample.city, street: sample.street }],
        tags: ["vip"],
      });
      const contact = await apiCall<{ id: string }>(page, "POST", "/api/v1/contacts", {
        ...sample.contact,
        // An office number with an extension is the widest phone a list shows: it must wrap, not be cut.
        phones: [{ raw: "8 (912) 345-67-89 доб. 215" }],
        emails: [{ value: `k.preobrazhensky.${unique}@severo-zapad.example` }],
        companies: [{ companyId: company.id }],
        address: { city: sample.city },
        custom: { [field]: "A" },
      });
      await apiCall(page, "POST", "/api/v1/deals", {
        title: sample.deal,
        companyId: company.id,
        contactId: contact.id,
        amount: "1250000.50",
        currency: "RUB",
        expectedCloseDate: "2026-12-30",
      });
      const dueAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
      await apiCall(page, "POST", "/api/v1/tasks", {
        title: sample.task,
        type: "call",
        priority: "high",
        dueAt,
        links: [{ entity: "contacts", id: contact.id }],
      });

      const problems: string[] = [];
      const visit = async (name: string, path: string, ready: string) => {
        await page.goto(`${baseUrl}${path}`);
        await page.getByText(ready).first().waitFor();
        await page.waitForLoadState("networkidle");
        await page.waitForTimeout(300);
        await screenshot(page, join(SHOTS, `${language}-1280-${name}`));
        for (const problem of await cutOff(page)) problems.push(`${name}: ${problem}`);
      };
      await visit("companies", "/companies", sample.company);
      await visit("contacts", "/contacts", sample.contact.position);
      await visit("deals", "/deals", sample.deal);
      await visit("tasks", "/tasks", sample.task);
      await visit("my-day", "/my-day", sample.task);
      await visit("calendar", "/calendar", text(language, "calendar.today"));
      await visit("contact-page", `/contacts/${contact.id}`, sample.contact.position);
      await visit("company-page", `/companies/${company.id}`, sample.contact.lastName);
      pageErrors.push(...opened.pageErrors);
      expect(problems).toEqual([]);
    });
  }

  it("did not throw in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
