import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, trackPageErrors } from "./browser";
import { contextCall, signInAdmin } from "./session";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const unique = Date.now().toString(36);

interface Run {
  id: string;
  status: string;
  wakeAt: string | null;
  steps: { stepType: string; status: string }[];
}

/**
 * The issue's scenario in the browser: "deal moved to stage Contract signed → create an onboarding task → wait 3
 * business days → notify the owner". The wait is a pg-boss job scheduled for its time; the test moves that time
 * to now in the database (as the server tests' `fastForward` does) instead of waiting days, then sees the
 * notification, and the run on the deal's timeline.
 */
describe.skipIf(!databaseUrl)("automation with a business-day wait in the browser", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let db: pg.Client;
  const ruleName = `Contract signed ${unique}`;
  const stageName = `Contract signed ${unique}`;
  let stageId = "";
  let ruleId = "";
  let dealId = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
    await signInAdmin(context, baseUrl);
    await contextCall(context, baseUrl, "PATCH", "/api/v1/me", { language: "en" }).catch(() => undefined);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    pageErrors = trackPageErrors(page);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const pipelines = await contextCall<{ items: { id: string; isDefault: boolean }[] }>(
      context,
      baseUrl,
      "GET",
      "/api/v1/pipelines",
    );
    const pipelineId = pipelines.items.find((p) => p.isDefault)?.id as string;
    const pipeline = await contextCall<{ stages: { id: string; name: string }[] }>(
      context,
      baseUrl,
      "POST",
      `/api/v1/pipelines/${pipelineId}/stages`,
      { name: stageName, probability: 90, kind: "open", position: 2 },
    );
    stageId = pipeline.stages.find((s) => s.name === stageName)?.id as string;
  });

  afterAll(async () => {
    await db?.end();
    await context?.close();
    await browser?.close();
  });

  const runs = () =>
    contextCall<{ items: Run[] }>(context, baseUrl, "GET", `/api/v1/automations/${ruleId}/runs`).then(
      (r) => r.items,
    );

  it("builds the rule: stage entered → task → wait 3 business days → notify the owner", async () => {
    await page.goto(`${baseUrl}/settings/automations`);
    await page.getByRole("button", { name: "New rule" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: /^Name/ }).fill(ruleName);
    await dialog.getByRole("switch", { name: "Enabled" }).check({ force: true });
    await dialog.getByTestId("trigger-kind").click();
    await page.getByRole("option", { name: "Deal entered a stage" }).click();
    await dialog.getByTestId("trigger-stage").click();
    await page.getByRole("option", { name: stageName }).click();

    await dialog.getByRole("button", { name: "Add step" }).click();
    await page.getByRole("menuitem", { name: "Create a task" }).click();
    await dialog.getByRole("textbox", { name: "Task title" }).fill("Onboarding {{record.title}}");

    await dialog.getByRole("button", { name: "Add step" }).click();
    await page.getByRole("menuitem", { name: "Wait" }).click();
    await dialog.getByRole("textbox", { name: "For" }).fill("3");
    await dialog.getByLabel("Unit").last().click();
    await page.getByRole("option", { name: "business days" }).click();

    await dialog.getByRole("button", { name: "Add step" }).click();
    await page.getByRole("menuitem", { name: "Notify" }).click();
    await dialog
      .getByRole("textbox", { name: "Message" })
      .fill("3 business days since {{record.title}} was signed");
    await screenshot(page, "automations-contract-01-editor");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText(ruleName).first().waitFor();
    const rules = await contextCall<{
      items: { id: string; name: string; enabled: boolean; definition: { steps: { type: string }[] } }[];
    }>(context, baseUrl, "GET", "/api/v1/automations");
    const rule = rules.items.find((r) => r.name === ruleName);
    expect(rule?.enabled).toBe(true);
    expect(rule?.definition.steps.map((s) => s.type)).toEqual(["createTask", "wait", "notify"]);
    ruleId = rule?.id as string;
  });

  it("moving a deal to the stage creates the task and parks the run for 3 business days", async () => {
    const company = await contextCall<{ id: string }>(context, baseUrl, "POST", "/api/v1/companies", {
      name: `Signed Co ${unique}`,
    });
    const deal = await contextCall<{ id: string }>(context, baseUrl, "POST", "/api/v1/deals", {
      title: `Pumps ${unique}`,
      companyId: company.id,
    });
    dealId = deal.id;
    await contextCall(context, baseUrl, "POST", `/api/v1/deals/${dealId}/move`, { stageId });
    await expect
      .poll(async () => (await runs())[0]?.status, { timeout: 60_000, interval: 1000 })
      .toBe("waiting");
    const [run] = await runs();
    // 3 business days (27 working hours, Mon–Fri): at least 2 calendar days away.
    expect(Date.parse(run?.wakeAt ?? "") - Date.now()).toBeGreaterThan(2 * 86_400_000);
    await page.goto(`${baseUrl}/deals/${dealId}`);
    await page.getByText(`Onboarding Pumps ${unique}`).first().waitFor();
    await page.getByText(`Rule «${ruleName}»: Create a task`).first().waitFor();
  });

  it("when the time comes the owner is notified, and the run is on the deal's timeline", async () => {
    const [run] = await runs();
    // Time moves: the run's wake-up and its pg-boss job are due now (the server's worker picks the job up).
    await db.query("update automation_runs set wake_at = now() where id = $1", [run?.id]);
    await db.query(
      `update pgboss.job set start_after = now() where name = 'automations.run' and state = 'created'
         and data->>'runId' = $1`,
      [run?.id],
    );
    await expect
      .poll(async () => (await runs())[0]?.status, { timeout: 90_000, interval: 1000 })
      .toBe("succeeded");
    const notes = await contextCall<{ items: { title: string; entityId: string | null }[] }>(
      context,
      baseUrl,
      "GET",
      "/api/v1/notifications",
    );
    const note = notes.items.find((n) => n.entityId === dealId);
    expect(note?.title).toContain(`3 business days since Pumps ${unique} was signed`);
    await page.goto(`${baseUrl}/deals/${dealId}`);
    await page.getByRole("button", { name: /^Notifications/ }).click();
    await page
      .getByText(note?.title as string)
      .first()
      .waitFor();
    await page.getByRole("button", { name: /^Notifications/ }).click();
    const item = page.getByText(`Rule «${ruleName}»: Create a task; Notify`);
    await item.first().waitFor();
    await screenshot(page, "automations-contract-02-timeline");
    expect(pageErrors).toEqual([]);
  });
});
