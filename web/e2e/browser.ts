import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ARTIFACTS_DIR, WEB_DIR } from "./config";

/** The README's screenshots; e2e runs refresh them only when asked, so a run leaves the tree clean. */
export const SCREENSHOTS_DIR = join(WEB_DIR, "..", "docs", "screenshots");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Collects uncaught page errors so a test can assert the app never crashed. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** A signed-in context's first page on the workspace's home, its uncaught errors tracked. */
export async function openWorkspace(
  context: BrowserContext,
  baseUrl: string,
): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const pageErrors = trackPageErrors(page);
  await page.goto(`${baseUrl}/`);
  await page.getByRole("navigation").first().waitFor();
  return { page, pageErrors };
}

/**
 * Copies artifacts (`[artifact name, README file name]`) to docs/screenshots when UPDATE_SCREENSHOTS=1;
 * otherwise only checks that the README's copies exist. Returns the README files that are missing.
 */
export function publishScreenshots(keep: [string, string][]): string[] {
  const update = process.env.UPDATE_SCREENSHOTS === "1";
  if (update) mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  for (const [from, to] of keep) {
    if (update) copyFileSync(join(ARTIFACTS_DIR, `${from}.png`), join(SCREENSHOTS_DIR, to));
  }
  return keep.map(([, to]) => to).filter((to) => !existsSync(join(SCREENSHOTS_DIR, to)));
}
