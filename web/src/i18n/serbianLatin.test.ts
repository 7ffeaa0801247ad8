import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toSerbianLatin, toSerbianLatinTree } from "./serbianLatin";

describe("Serbian Cyrillic → Latin", () => {
  it("maps every letter of the alphabet", () => {
    expect(toSerbianLatin("Брза вижљаста лија хоће да ђипи преко лењог флегматичног џукца.")).toBe(
      "Brza vižljasta lija hoće da đipi preko lenjog flegmatičnog džukca.",
    );
    expect(toSerbianLatin("АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ")).toBe("ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ");
  });

  it("writes Љ, Њ, Џ as Lj, Nj, Dž in words and LJ, NJ, DŽ in capitals", () => {
    expect(toSerbianLatin("Љубав, Његош, Џеп")).toBe("Ljubav, Njegoš, Džep");
    expect(toSerbianLatin("ЉУБАВ ЊЕГОШ ЏЕП")).toBe("LJUBAV NJEGOŠ DŽEP");
    expect(toSerbianLatin("ПЉ Љ")).toBe("PLJ Lj");
  });

  it("leaves placeholders, Latin text and digits alone", () => {
    expect(toSerbianLatin("Покушајте поново за {{minutes}} мин (SMS, E-mail 2).")).toBe(
      "Pokušajte ponovo za {{minutes}} min (SMS, E-mail 2).",
    );
  });

  it("turns the whole Serbian resource file into Latin with the same keys and placeholders", () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), "locales");
    const sr = JSON.parse(readFileSync(join(dir, "sr.json"), "utf8"));
    const latin = toSerbianLatinTree(sr);
    const flat = JSON.stringify(latin);
    expect(flat).not.toMatch(/[\u0400-\u04ff]/);
    expect(Object.keys(latin)).toEqual(Object.keys(sr));
    expect(flat.match(/\{\{\s*\w+/g)).toEqual(JSON.stringify(sr).match(/\{\{\s*\w+/g));
  });
});
