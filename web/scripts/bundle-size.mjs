#!/usr/bin/env node
// Measures gzip sizes of the production build from the Vite manifest (run `npm run build -w web` first).
// Prints a table and writes web/dist/bundle-size.json. Exit code 1 when the sign-in page exceeds the budget.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const SIGN_IN_BUDGET_KB = 250;
const SIGN_IN_ROUTE = "src/features/auth/LoginPage.tsx";
const SIGN_IN_LOCALE = "src/i18n/locales/en.json";

/** @type {Record<string, {file: string, isEntry?: boolean, isDynamicEntry?: boolean, imports?: string[], css?: string[], src?: string}>} */
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));

const sizes = new Map();
function gzipBytes(file) {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return sizes.get(file);
}

/** The chunk itself plus everything it imports statically (transitively). */
function staticClosure(keys, seen = new Set()) {
  for (const key of keys) {
    if (seen.has(key) || !manifest[key]) continue;
    seen.add(key);
    staticClosure(manifest[key].imports ?? [], seen);
  }
  return seen;
}

function measure(keys) {
  const chunks = [...staticClosure(keys)];
  const files = chunks.map((key) => manifest[key].file);
  const css = [...new Set(chunks.flatMap((key) => manifest[key].css ?? []))];
  const sum = (list) => list.reduce((total, file) => total + gzipBytes(file), 0);
  return { js: sum(files), css: sum(css), files };
}

const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entryKey)
  throw new Error("No entry chunk in the manifest — was the build made with build.manifest: true?");

const entry = measure([entryKey]);
const entryFiles = new Set(entry.files);
const signInKeys = [entryKey, SIGN_IN_ROUTE, SIGN_IN_LOCALE].filter((key) => manifest[key]);
const signIn = measure(signInKeys);

const lazy = Object.keys(manifest)
  .filter((key) => manifest[key].isDynamicEntry)
  .map((key) => {
    const own = measure([key]);
    // What navigating to the route downloads on top of the entry.
    const extraFiles = own.files.filter((file) => !entryFiles.has(file));
    return {
      chunk: key,
      file: manifest[key].file,
      gzipKB: kb(gzipBytes(manifest[key].file)),
      withSharedImportsKB: kb(extraFiles.reduce((total, file) => total + gzipBytes(file), 0)),
    };
  })
  .sort((a, b) => b.withSharedImportsKB - a.withSharedImportsKB);

const report = {
  generatedAt: new Date().toISOString(),
  gzipLevel: 9,
  entry: { chunk: entryKey, jsKB: kb(entry.js), cssKB: kb(entry.css), files: entry.files },
  signInPage: {
    jsKB: kb(signIn.js),
    cssKB: kb(signIn.css),
    budgetKB: SIGN_IN_BUDGET_KB,
    files: signIn.files,
  },
  lazyChunks: lazy,
};
writeFileSync(join(dist, "bundle-size.json"), `${JSON.stringify(report, null, 2)}\n`);

console.log(`entry JS (+ static imports): ${report.entry.jsKB} KB gzip, CSS ${report.entry.cssKB} KB gzip`);
console.log(
  `sign-in page initial JS:      ${report.signInPage.jsKB} KB gzip (budget ${SIGN_IN_BUDGET_KB} KB)`,
);
console.log("lazy chunks (own / incl. shared imports not in the entry), KB gzip:");
for (const chunk of lazy) {
  console.log(
    `  ${chunk.chunk.padEnd(48)} ${String(chunk.gzipKB).padStart(7)} ${String(chunk.withSharedImportsKB).padStart(7)}`,
  );
}
console.log(`written ${join("dist", "bundle-size.json")}`);
if (report.signInPage.jsKB > SIGN_IN_BUDGET_KB) {
  console.error(`Sign-in page JS exceeds the ${SIGN_IN_BUDGET_KB} KB budget.`);
  process.exitCode = 1;
}
