import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { envVariables, loadConfig } from "./config.js";

const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../../../../README.md"), "utf8");

/** The variables in the README's configuration table (between the config:start/end markers). */
function documented(): string[] {
  const start = readme.indexOf("<!-- config:start -->");
  const end = readme.indexOf("<!-- config:end -->");
  expect(start, "README.md has no <!-- config:start --> marker").toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const table = readme.slice(start, end);
  return [...table.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((m) => m[1] ?? "");
}

it("the README's configuration table lists every variable config.ts reads", () => {
  const missing = envVariables.filter((v) => !documented().includes(v));
  expect(missing, "add these to the table in README.md").toEqual([]);
});

it("the README documents no variable config.ts does not read", () => {
  const stale = documented().filter((v) => !envVariables.includes(v));
  expect(stale, "remove these from the table in README.md").toEqual([]);
});

it("the README's defaults are the real defaults", () => {
  const config = loadConfig({}, []);
  const rows = new Map(
    [...readme.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*`([^`]*)`\s*\|/gm)].map((m) => [
      m[1] ?? "",
      m[2] ?? "",
    ]),
  );
  for (const [name, shown] of rows) {
    const actual = (config as unknown as Record<string, unknown>)[name];
    if (actual === undefined) continue; // documented defaults of optional variables (e.g. ADMIN_EMAIL) live elsewhere
    expect(String(actual), `default of ${name}`).toBe(shown);
  }
});
