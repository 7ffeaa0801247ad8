import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BENCH_PASSWORD } from "../load.js";
import { repoRoot } from "../report.js";
import type { BenchContext, Metric, Scenario } from "./types.js";

const webDist = path.join(repoRoot, "web", "dist");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// As web/e2e/browser.ts.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const FIRST_ROW = '[role="grid"] [role="row"][aria-rowindex="2"]';
const WARM_RUNS = 3;

interface BundleReport {
  entry: { jsKB: number; cssKB: number };
  signInPage: { jsKB: number };
  lazyChunks: Array<{ chunk: string; withSharedImportsKB: number }>;
}

function bundleSizes(): Metric[] {
  const out = spawnSync(process.execPath, [path.join(repoRoot, "web", "scripts", "bundle-size.mjs")], {
    encoding: "utf8",
  });
  if (out.status !== 0 && out.status !== 1) throw new Error(`bundle-size.mjs failed: ${out.stderr}`);
  const r = JSON.parse(fs.readFileSync(path.join(webDist, "bundle-size.json"), "utf8")) as BundleReport;
  const list = r.lazyChunks.find((c) => c.chunk.includes("RecordListPage") || c.chunk.includes("Contacts"));
  return [
    { name: "web entry JS (gzip, with static imports)", value: r.entry.jsKB, unit: "KB" },
    { name: "web entry CSS (gzip)", value: r.entry.cssKB, unit: "KB" },
    {
      name: "web sign-in page initial JS (gzip)",
      value: r.signInPage.jsKB,
      unit: "KB",
      target: { max: 250 },
    },
    ...(list
      ? [
          {
            name: `web list page chunk on top of the entry (gzip)`,
            value: list.withSharedImportsKB,
            unit: "KB",
            note: list.chunk,
          },
        ]
      : []),
  ];
}

/** Milliseconds from navigation start (performance.timeOrigin) until the first table row is in the DOM. */
async function timeToFirstRows(ctx: BenchContext): Promise<{ cold: number; warm: number[] }> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ locale: "en-US" });
    const signIn = await context.request.post(`${ctx.baseUrl}/api/v1/auth/login`, {
      data: { email: "bench-user-1@example.com", password: BENCH_PASSWORD },
    });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()} ${await signIn.text()}`);
    const page = await context.newPage();
    const once = async () => {
      await page.goto(`${ctx.baseUrl}/contacts`, { waitUntil: "commit" });
      const handle = await page.waitForFunction(
        (sel) => (document.querySelector(sel) ? performance.now() : null),
        FIRST_ROW,
        { timeout: 60_000, polling: "raf" },
      );
      return Math.round((await handle.jsonValue()) as number);
    };
    const cold = await once();
    const warm: number[] = [];
    for (let i = 0; i < (ctx.quick ? 1 : WARM_RUNS); i++) warm.push(await once());
    return { cold, warm: warm.sort((a, b) => a - b) };
  } finally {
    await browser.close();
  }
}

/**
 * Milliseconds from navigation start until every widget of the built-in sales dashboard shows its result
 * (`data-state="ready"` on each widget card): the page's scripts, ECharts and the widgets' API answers.
 */
async function timeToDashboard(ctx: BenchContext): Promise<{ cold: number; warm: number[] }> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ locale: "en-US" });
    const signIn = await context.request.post(`${ctx.baseUrl}/api/v1/auth/login`, {
      data: { email: "bench-user-1@example.com", password: BENCH_PASSWORD },
    });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()} ${await signIn.text()}`);
    const page = await context.newPage();
    const once = async () => {
      await page.goto(`${ctx.baseUrl}/analytics/sales`, { waitUntil: "commit" });
      const handle = await page.waitForFunction(
        () => {
          const cards = [...document.querySelectorAll('[data-testid="analytics-widget"]')];
          return cards.length > 0 && cards.every((c) => c.getAttribute("data-state") === "ready")
            ? performance.now()
            : null;
        },
        undefined,
        { timeout: 60_000, polling: "raf" },
      );
      return Math.round((await handle.jsonValue()) as number);
    };
    const cold = await once();
    const warm: number[] = [];
    for (let i = 0; i < (ctx.quick ? 1 : WARM_RUNS); i++) warm.push(await once());
    return { cold, warm: warm.sort((a, b) => a - b) };
  } finally {
    await browser.close();
  }
}

/**
 * The web app's "time to first rows": signed in as the administrator, open /contacts (all contacts of the
 * data set) and time navigation start → first table row, cold (empty cache) and warm (median of 3 reloads);
 * plus the gzip sizes of the production bundle (web/scripts/bundle-size.mjs).
 */
export const webFirstRows: Scenario = {
  name: "web",
  unavailable: (ctx) => {
    if (!fs.existsSync(path.join(webDist, "index.html")))
      return "web/dist is missing (run `npm run build -w web` first)";
    if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}`;
    return (ctx.rows.contacts ?? 0) > 0 ? null : "no contacts loaded";
  },
  measure: async (ctx) => {
    const t = await timeToFirstRows(ctx);
    const median = t.warm[Math.floor(t.warm.length / 2)] ?? Number.NaN;
    const d = await timeToDashboard(ctx);
    const dMedian = d.warm[Math.floor(d.warm.length / 2)] ?? Number.NaN;
    const n = (ctx.rows.contacts ?? 0).toLocaleString("en-US");
    return [
      { name: `web /contacts time to first rows, cold (${n} contacts)`, value: t.cold, unit: "ms" },
      {
        name: `web /contacts time to first rows, warm (${n} contacts)`,
        value: median,
        unit: "ms",
        note: `median of ${t.warm.length} reloads; all ${t.warm.join(", ")}`,
      },
      {
        name: "web sales dashboard, every widget shown, browser cold (first paint)",
        value: d.cold,
        unit: "ms",
        target: { max: 1500 },
      },
      {
        name: "web sales dashboard, every widget shown, warm",
        value: dMedian,
        unit: "ms",
        note: `median of ${d.warm.length} reloads; all ${d.warm.join(", ")}`,
      },
      ...bundleSizes(),
    ];
  },
};
