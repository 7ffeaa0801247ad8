import type { Browser, BrowserContext, Page } from "playwright-core";
import { request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall, invitationLink } from "./api";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { ADMIN } from "./config";

const baseUrl = inject("baseUrl");
const serverLog = inject("serverLog");
const unique = Date.now().toString(36);
const PASSWORD = "Orbit-Lantern-Kettle-42!";
const name = (who: string, what: string) => `${what} ${who} ${unique}`;

interface Role {
  id: string;
  key: string | null;
  name: string;
  permissions: Record<string, Record<string, string>>;
}

/**
 * A sales manager in a team, with a role that hides deals' amount: in the browser they see their team's
 * companies, only their own deals (list and board), and the amount nowhere.
 */
describe("what a sales manager sees", () => {
  let browser: Browser;
  let admin: BrowserContext;
  let adminPage: Page;
  let manager: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  const managerEmail = `manager-${unique}@example.com`;
  let myDealId = "";

  /** Invites a user and accepts through the API in a cookie jar of its own (the admin stays signed in). */
  async function addUser(email: string, roleId: string, teamId: string): Promise<string> {
    await apiCall(adminPage, "POST", "/api/v1/invitations", { email, name: email, roleId, teamId });
    const link = await invitationLink(serverLog, email);
    const jar = await request.newContext({ baseURL: baseUrl });
    const token = new URL(link, baseUrl).searchParams.get("token");
    const accepted = await jar.post("/api/v1/invitations/accept", {
      data: { token, name: email, password: PASSWORD },
    });
    expect(accepted.status(), await accepted.text()).toBeLessThan(300);
    await jar.dispose();
    const users = await apiCall<{ items: { id: string; email: string }[] }>(
      adminPage,
      "GET",
      "/api/v1/users?limit=500",
    );
    return users.items.find((user) => user.email === email)?.id ?? "";
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await browser.newContext({ locale: "en-US" });
    adminPage = await admin.newPage();
    await adminPage.goto(`${baseUrl}/login`);
    await adminPage.getByLabel(/^Email/).fill(ADMIN.email);
    const passwords = [ADMIN.password, `${ADMIN.password}-2`];
    for (const password of passwords) {
      await adminPage.getByLabel(/^Password/).fill(password);
      await adminPage.getByRole("button", { name: "Sign in" }).click();
      // The admin's profile language (the newcomer test switches it to Russian) applies after sign-in.
      const signedIn = adminPage.getByRole("navigation", { name: /Main navigation|Основная навигация/ });
      const refused = adminPage.getByText("Incorrect email or password.");
      const mustChange = adminPage.getByRole("heading", {
        name: /Choose a new password|Придумайте новый пароль/,
      });
      await signedIn.or(refused).or(mustChange).first().waitFor();
      if (await mustChange.isVisible()) {
        await adminPage.getByLabel(/^New password/).fill(passwords[1] as string);
        await adminPage.getByLabel(/^Repeat new password/).fill(passwords[1] as string);
        await adminPage.getByRole("button", { name: "Change password" }).click();
        await signedIn.waitFor();
      }
      if (await signedIn.isVisible()) break;
    }
    manager = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 860 } });
    page = await manager.newPage();
    page.setDefaultTimeout(20_000);
    pageErrors = trackPageErrors(page);
  });

  afterAll(async () => {
    await manager?.close();
    await admin?.close();
    await browser?.close();
  });

  it("the admin sets up teams, a role hiding deal amounts, users and their records", async () => {
    const roles = await apiCall<{ items: Role[] }>(adminPage, "GET", "/api/v1/roles");
    const salesManager = roles.items.find((role) => role.key === "sales_manager") as Role;
    const noAmounts = await apiCall<Role>(adminPage, "POST", "/api/v1/roles", {
      name: `Sales manager without amounts ${unique}`,
      permissions: salesManager.permissions,
      fieldRules: { deals: { amount: "hidden" } },
    });
    const north = await apiCall<{ id: string }>(adminPage, "POST", "/api/v1/teams", {
      name: `North ${unique}`,
    });
    const south = await apiCall<{ id: string }>(adminPage, "POST", "/api/v1/teams", {
      name: `South ${unique}`,
    });
    const me = await addUser(managerEmail, noAmounts.id, north.id);
    const mate = await addUser(`mate-${unique}@example.com`, salesManager.id, north.id);
    const other = await addUser(`other-${unique}@example.com`, salesManager.id, south.id);
    expect([me, mate, other].every(Boolean)).toBe(true);
    for (const [who, ownerId] of [
      ["mine", me],
      ["mate", mate],
      ["other", other],
    ] as const) {
      const company = await apiCall<{ id: string }>(adminPage, "POST", "/api/v1/companies", {
        name: name(who, "Company"),
        ownerId,
      });
      const deal = await apiCall<{ id: string }>(adminPage, "POST", "/api/v1/deals", {
        title: name(who, "Deal"),
        companyId: company.id,
        amount: "98765.43",
        currency: "EUR",
        ownerId,
      });
      if (who === "mine") myDealId = deal.id;
    }
  });

  it("the manager signs in in the browser with the password they chose", async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/^Email/).fill(managerEmail);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation").first().waitFor();
    // Whatever the server's default language for new users, this test reads English labels.
    await apiCall(page, "PATCH", "/api/v1/me", { language: "en" });
    await page.reload();
    await page.getByRole("navigation", { name: "Main navigation" }).waitFor();
  });

  it("sees the team's companies but not another team's", async () => {
    await page.goto(`${baseUrl}/companies`);
    await page.getByText(name("mine", "Company")).waitFor();
    await page.getByText(name("mate", "Company")).waitFor();
    await expect.poll(() => page.getByText(name("other", "Company")).count()).toBe(0);
  });

  it("sees only their own deals, with no amount column to choose", async () => {
    await page.goto(`${baseUrl}/deals`);
    await page.getByText(name("mine", "Deal")).waitFor();
    expect(await page.getByText(name("mate", "Deal")).count()).toBe(0);
    expect(await page.getByText(name("other", "Deal")).count()).toBe(0);
    expect(await page.getByRole("columnheader", { name: /^Amount/ }).count()).toBe(0);
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("checkbox", { name: "Title" }).waitFor();
    expect(await page.getByRole("checkbox", { name: "Amount" }).count()).toBe(0);
    await page.keyboard.press("Escape");
    await screenshot(page, "30-manager-deals");
  });

  it("the deal page shows no amount", async () => {
    await page.goto(`${baseUrl}/deals/${myDealId}`);
    await page.getByRole("heading", { name: name("mine", "Deal") }).waitFor();
    expect(await page.getByText("Amount", { exact: true }).count()).toBe(0);
    expect(await page.locator("body").textContent()).not.toMatch(/98[,.\s\u00a0]?765/);
  });

  it("the board shows only their deal, its card without the amount", async () => {
    await page.goto(`${baseUrl}/pipeline`);
    const card = page.getByTestId("deal-card").filter({ hasText: name("mine", "Deal") });
    await card.waitFor();
    expect(
      await page
        .getByTestId("deal-card")
        .filter({ hasText: name("mate", "Deal") })
        .count(),
    ).toBe(0);
    expect(
      await page
        .getByTestId("deal-card")
        .filter({ hasText: name("other", "Deal") })
        .count(),
    ).toBe(0);
    expect(await card.textContent()).not.toMatch(/98[,.\s\u00a0]?765/);
    await screenshot(page, "31-manager-board");
    expect(pageErrors).toEqual([]);
  });
});
