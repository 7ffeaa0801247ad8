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
// A fresh browser's first paint varies by ±200 ms on two shared cores: the cold figure is a median too.
const COLD_RUNS = 3;

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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * `timeInBrowserOnce` in COLD_RUNS fresh browsers (one when quick): the cold figure is their median, the warm
 * reloads are the first browser's.
 */
async function timeInBrowser(
  ctx: BenchContext,
  pagePath: string,
  ready: (arg: string) => number | null,
  arg: string,
): Promise<{ cold: number; colds: number[]; warm: number[]; median: number }> {
  const first = await timeInBrowserOnce(ctx, pagePath, ready, arg, true);
  const colds = [first.cold];
  for (let i = 1; i < (ctx.quick ? 1 : COLD_RUNS); i++)
    colds.push((await timeInBrowserOnce(ctx, pagePath, ready, arg, false)).cold);
  return { ...first, cold: median(colds), colds };
}

/**
 * Milliseconds from navigation start (performance.timeOrigin) until `ready(arg)`, run in the page every frame,
 * returns a time: cold (a fresh browser, signed in as the administrator) and warm (reloads), with the median.
 */
async function timeInBrowserOnce(
  ctx: BenchContext,
  pagePath: string,
  ready: (arg: string) => number | null,
  arg: string,
  reloads: boolean,
): Promise<{ cold: number; warm: number[]; median: number }> {
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
      await page.goto(`${ctx.baseUrl}${pagePath}`, { waitUntil: "commit" });
      const handle = await page.waitForFunction(ready, arg, { timeout: 60_000, polling: "raf" });
      return Math.round((await handle.jsonValue()) as number);
    };
    const cold = await once();
    const warm: number[] = [];
    if (reloads) for (let i = 0; i < (ctx.quick ? 1 : WARM_RUNS); i++) warm.push(await once());
    warm.sort((a, b) => a - b);
    return { cold, warm, median: median(warm) };
  } finally {
    await browser.close();
  }
}

/** The first table row is in the DOM. */
const firstRowShown = (sel: string) => (document.querySelector(sel) ? performance.now() : null);

/** Every widget card of the dashboard shows its result (`data-state="ready"`): scripts, ECharts, API answers. */
const everyWidgetShown = (sel: string) => {
  const cards = [...document.querySelectorAll(sel)];
  return cards.length > 0 && cards.every((c) => c.getAttribute("data-state") === "ready")
    ? performance.now()
    : null;
};

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
    const t = await timeInBrowser(ctx, "/contacts", firstRowShown, FIRST_ROW);
    const d = await timeInBrowser(
      ctx,
      "/analytics/sales",
      everyWidgetShown,
      '[data-testid="analytics-widget"]',
    );
    const n = (ctx.rows.contacts ?? 0).toLocaleString("en-US");
    return [
      {
        name: `web /contacts time to first rows, cold (${n} contacts)`,
        value: t.cold,
        unit: "ms",
        note: `median of ${t.colds.length} fresh browsers; all ${t.colds.join(", ")}`,
      },
      {
        name: `web /contacts time to first rows, warm (${n} contacts)`,
        value: t.median,
        unit: "ms",
        note: `median of ${t.warm.length} reloads; all ${t.warm.join(", ")}`,
      },
      {
        name: "web sales dashboard, every widget shown, browser cold (first paint)",
        value: d.cold,
        unit: "ms",
        note: `median of ${d.colds.length} fresh browsers; all ${d.colds.join(", ")}`,
        target: { max: 1500 },
      },
      {
        name: "web sales dashboard, every widget shown, warm",
        value: d.median,
        unit: "ms",
        note: `median of ${d.warm.length} reloads; all ${d.warm.join(", ")}`,
      },
      ...bundleSizes(),
    ];
  },
};
