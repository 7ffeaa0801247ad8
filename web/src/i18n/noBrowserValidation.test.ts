import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = join(dirname(fileURLToPath(import.meta.url)), "..");

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test" ? [] : tsxFiles(path);
    return entry.name.endsWith(".tsx") && !entry.name.endsWith(".test.tsx") ? [path] : [];
  });
}

describe("forms validate in the interface language", () => {
  // Without noValidate the browser checks `required` / `type="email"` itself and shows its own bubble in the
  // browser's language ("Please enter a part following '@'") before the form's translated messages can.
  it("every <form> turns the browser's validation bubbles off (noValidate)", () => {
    const offenders = tsxFiles(srcDir).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/<form\b([^>]*)>/g)]
        .filter((match) => !/\bnoValidate\b/.test(match[1] ?? ""))
        .map(() => relative(srcDir, file)),
    );
    expect(offenders).toEqual([]);
  });
});
