import { describe, expect, it } from "vitest";
import { toSerbianLatin } from "./serbian-latin.js";

describe("Serbian Cyrillic → Latin (server)", () => {
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
    expect(toSerbianLatin("Подсетник: «{title}» — рок {dueAt} (Tandem CRM 2)")).toBe(
      "Podsetnik: «{title}» — rok {dueAt} (Tandem CRM 2)",
    );
  });
});
