import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Double, smsRuDouble } from "../../server/src/modules/sms/test-doubles";
import { dovecotAvailable, type MailRig, startMailRig } from "../../server/src/test/dovecot";
import { apiCall } from "./api";
import { launchBrowser, screenshot } from "./browser";
import { ADMIN } from "./config";

const baseUrl = inject("baseUrl");
const ME = "me@corp.test";
const CLIENT = "ivan@client.test";

/**
 * Issue 12's path in a browser against a real Dovecot + SMTP rig and the SMS.ru double: connect a mailbox in
 * Settings, the client's letter is synced onto the contact's timeline and opens from there, a reply filled from a
 * template with an attached file reaches the client's SMTP threaded, and an SMS goes from the contact's page.
 */
describe.skipIf(!dovecotAvailable() || Boolean(process.env.E2E_BASE_URL))(
  "conversations: reply from a contact",
  () => {
    let rig: MailRig;
    let sms: Double;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let contactId = "";

    beforeAll(async () => {
      rig = await startMailRig({
        users: [
          { user: ME, password: "me-pw" },
          { user: CLIENT, password: "ivan-pw" },
        ],
      });
      rig.deliver(
        ME,
        [
          `From: Ivan Petrov <${CLIENT}>`,
          `To: ${ME}`,
          "Subject: Price request",
          "Message-ID: <req-1@client.test>",
          `Date: ${new Date(Date.now() - 3600_000).toUTCString()}`,
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Hello, could you send me your prices?",
          "",
        ].join("\r\n"),
      );
      sms = await smsRuDouble();
      browser = await launchBrowser();
      context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.setDefaultTimeout(20_000);
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await rig?.stop();
      await sms?.close();
    });

    it("signs in, connects a mailbox, and the client's letter reaches the contact's timeline", async () => {
      await page.goto(`${baseUrl}/login`);
      // The workspace speaks Russian (ADMIN_LANGUAGE=ru): pick English on the sign-in page, as the smoke test does.
      await page.getByRole("button", { name: /Change language|Сменить язык/ }).click();
      await page.getByRole("menuitem", { name: "English" }).click();
      const signedIn = page.getByRole("navigation", { name: /Main navigation|Основная навигация/ });
      const mustChange = page.getByRole("heading", { name: /Choose a new password|Придумайте новый пароль/ });
      for (const password of [ADMIN.password, `${ADMIN.password}-2`]) {
        await page.getByLabel(/^Email/).fill(ADMIN.email);
        await page.getByLabel(/^Password/).fill(password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await signedIn.or(mustChange).or(page.getByText("Incorrect email or password.")).first().waitFor();
        if (await mustChange.isVisible()) {
          const next = `${ADMIN.password}-2`;
          await page.getByLabel(/^New password|^Новый пароль/).fill(next);
          await page.getByLabel(/^Repeat new password|^Повторите/).fill(next);
          await page.getByRole("button", { name: /Change password|Сменить пароль/ }).click();
          await signedIn.waitFor();
        }
        if (await signedIn.isVisible()) break;
      }
      await apiCall(page, "PATCH", "/api/v1/me", { language: "en" });
      const contact = await apiCall<{ id: string }>(page, "POST", "/api/v1/contacts", {
        firstName: "Ivan",
        lastName: "Petrov",
        emails: [{ kind: "work", value: CLIENT }],
        phones: [{ kind: "mobile", raw: "+7 912 345-67-89" }],
        consent: { smsMarketing: { granted: true } },
      });
      contactId = contact.id;
      await apiCall(page, "POST", "/api/v1/templates", {
        kind: "email",
        name: "Price reply",
        variants: {
          en: {
            subject: "Prices for {{ contact.firstName }}",
            body: "<p>Dear {{ contact.firstName }}, our prices are attached.</p>",
          },
        },
      });
      await page.goto(`${baseUrl}/mailboxes`);
      await page.getByRole("button", { name: "Connect mailbox" }).first().click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel(/^Provider/).click();
      await page.getByRole("option", { name: "Other (IMAP/SMTP settings)" }).click();
      await dialog.getByLabel(/^E-mail address/).fill(ME);
      await dialog.getByLabel(/^Password/).fill("me-pw");
      await dialog.getByLabel(/^IMAP server/).fill("127.0.0.1");
      await dialog.getByLabel(/^SMTP server/).fill("127.0.0.1");
      const ports = dialog.getByLabel(/^Port/);
      await ports.nth(0).fill(String(rig.imapPort));
      await ports.nth(1).fill(String(rig.smtpPort));
      for (const i of [0, 1]) {
        await dialog
          .getByLabel(/^Encryption/)
          .nth(i)
          .click();
        await page.getByRole("option", { name: "None" }).click();
      }
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.waitFor({ state: "hidden" });
      await expect
        .poll(
          async () =>
            (
              await apiCall<{ items: unknown[] }>(
                page,
                "GET",
                `/api/v1/conversations?record=contacts:${contactId}`,
              )
            ).items.length,
          { timeout: 60_000, interval: 1000 },
        )
        .toBe(1);
      await page.goto(`${baseUrl}/contacts/${contactId}`);
      await page.getByTestId("timeline-mail-thread").getByRole("link", { name: "Price request" }).click();
      await page.getByText("Hello, could you send me your prices?").waitFor();
      await screenshot(page, "conversations-01-thread");
    });

    it("replies with a template and an attached file; the letter reaches the client threaded", async () => {
      await page.getByRole("button", { name: "Reply", exact: true }).click();
      const composer = page.getByTestId("mail-composer");
      await composer.getByLabel(/^Template/).click();
      await page.getByRole("option", { name: "Price reply" }).click();
      await expect.poll(() => composer.getByLabel(/^Subject/).inputValue()).toBe("Prices for Ivan");
      await composer.locator('input[type="file"]').setInputFiles({
        name: "prices.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("%PDF-1.4\n% Prices 2027\n%%EOF\n"),
      });
      await composer.getByText("prices.pdf").waitFor();
      await screenshot(page, "conversations-02-reply");
      await composer.getByRole("button", { name: "Send", exact: true }).click();
      await composer.waitFor({ state: "hidden" });
      await expect
        .poll(() => rig.smtpReceived.filter((m) => m.to.includes(CLIENT)).length, { timeout: 30_000 })
        .toBe(1);
      const raw = rig.smtpReceived.find((m) => m.to.includes(CLIENT))?.raw.toString("latin1") ?? "";
      expect(raw).toMatch(/^Subject: Prices for Ivan/m);
      expect(raw).toMatch(/^In-Reply-To: <req-1@client\.test>/m);
      expect(raw).toMatch(/filename="?prices\.pdf/);
      expect(raw).toContain("Dear Ivan, our prices are attached.");
      // The thread shows the reply at once; once sent it carries no Queued/Sending/Not sent badge.
      const reply = page.getByTestId("mail-message").filter({ hasText: "Dear Ivan" });
      await reply.waitFor();
      await expect
        .poll(() => reply.getByText(/^(Queued|Sending|Not sent)$/).count(), { timeout: 30_000 })
        .toBe(0);
    });

    it("sends an SMS from the contact's page through the provider", async () => {
      await apiCall(page, "POST", "/api/v1/sms-providers", {
        name: "SMS.ru",
        kind: "smsru",
        config: { baseUrl: sms.url, sender: "Tandem" },
        credentials: { apiKey: "good-key" },
        isDefault: true,
      });
      await page.goto(`${baseUrl}/contacts/${contactId}`);
      await page.getByRole("button", { name: "Send SMS" }).click();
      const dialog = page.getByRole("dialog", { name: "Send SMS" });
      await dialog.getByLabel(/^Message/).fill("Ivan, the prices are in your mailbox.");
      await dialog.getByRole("button", { name: "Send SMS" }).click();
      await dialog.waitFor({ state: "hidden" });
      await expect
        .poll(() => sms.requests.filter((r) => r.path === "/sms/send").length, { timeout: 30_000 })
        .toBe(1);
      const sent = sms.requests.find((r) => r.path === "/sms/send");
      expect(sent?.form.get("to") ?? sent?.query.get("to")).toBe("79123456789");
      expect(sent?.form.get("msg") ?? sent?.query.get("msg")).toBe("Ivan, the prices are in your mailbox.");
      await page.getByText("→ Ivan, the prices are in your mailbox.").waitFor();
      await screenshot(page, "conversations-03-sms");
    });
  },
);
