import { describe, expect, it } from "vitest";
import { languageName, linksOf } from "./values";

describe("cell values", () => {
  it("names a language instead of showing its code", () => {
    expect(languageName("ru")).toBe("Русский");
    expect(languageName("sr-Latn")).toBe("Srpski (latinica)");
    expect(languageName("sr")).toBe("Српски");
    expect(languageName("kk-KZ")).toBe("Қазақша");
    expect(languageName("de")).toBe("de");
  });

  it("reads links as ids, id lists and presented memberships", () => {
    expect(linksOf("a")).toEqual([{ id: "a" }]);
    expect(linksOf(["a", "b"])).toEqual([{ id: "a" }, { id: "b" }]);
    expect(linksOf([{ companyId: "c", name: "Acme", isPrimary: true }, { role: "x" }])).toEqual([
      { id: "c", name: "Acme" },
    ]);
    expect(linksOf(null)).toEqual([]);
  });
});
