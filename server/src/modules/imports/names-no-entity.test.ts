import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { modules } from "../index.js";

// Every entity imports through its definition's `EntityImport` (its own `import.ts`): the importer itself names
// no entity and imports no entity module.
describe("the importer", () => {
  const dir = fileURLToPath(new URL(".", import.meta.url));
  const sources = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.includes("fixtures"))
    .map((f) => ({ file: f, text: readFileSync(`${dir}/${f}`, "utf8") }));
  const entityModules = modules.filter((m) => (m.entities ?? []).length > 0);

  it("names no entity in its code", () => {
    expect(sources.length).toBeGreaterThan(20);
    const names = entityModules.flatMap((m) => (m.entities ?? []).map((e) => e.name));
    expect(names).toEqual(expect.arrayContaining(["companies", "contacts", "deals", "products"]));
    const named = sources.flatMap(({ file, text }) =>
      names.filter((n) => new RegExp(`["'\`]${n}["'\`]`).test(text)).map((n) => `${file}: ${n}`),
    );
    expect(named).toEqual([]);
  });

  it("imports no entity module", () => {
    const imported = sources.flatMap(({ file, text }) =>
      entityModules.filter((m) => text.includes(`from "../${m.name}/`)).map((m) => `${file}: ${m.name}`),
    );
    expect(imported).toEqual([]);
  });
});
