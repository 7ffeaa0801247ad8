import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mappedCharacters } from "../../test/pdf-text.js";
import { loadDocumentLibraries, pdfFont, reportPdf, type Section } from "./documents.js";

const section = (name: string, owner: string): Section => ({
  name,
  definition: {
    entity: "deals",
    groupBy: [{ field: "stageId", on: "base" }],
    measures: [{ fn: "count", on: "base" }],
    chart: "table",
  } as Section["definition"],
  result: {
    entity: "deals",
    columns: [
      { key: "d0", type: "string", label: "Этап" },
      { key: "m0", type: "number" },
    ],
    rows: [
      { d0: owner, m0: 3 },
      { d0: "Қазақстан", m0: 1 },
    ],
    chart: { type: "table", y: ["m0"] },
    asOf: "2026-12-07T00:00:00.000Z",
    exact: true,
    notices: [],
    labels: {},
    drill: [null, null],
    previous: null,
    truncated: false,
    timeZone: "Europe/Moscow",
  },
});

describe("report PDF font", () => {
  beforeAll(() => loadDocumentLibraries());
  const saved = process.env.REPORT_PDF_FONT;
  afterEach(() => {
    if (saved === undefined) delete process.env.REPORT_PDF_FONT;
    else process.env.REPORT_PDF_FONT = saved;
  });

  it("ships DejaVu Sans with the server, so a PDF in Russian or Kazakh needs no host fonts", async () => {
    delete process.env.REPORT_PDF_FONT;
    expect(pdfFont()).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans\.ttf$/);
    const pdf = await reportPdf(
      [section("Выручка по менеджерам", "Жанна Иванова")],
      "ru",
      "2026-12-07T00:00:00Z",
    );
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    const chars = mappedCharacters(pdf);
    // The title, the name and the Kazakh letters are drawn as Cyrillic glyphs, not dropped or replaced.
    for (const c of "ВыручкапоменеджерамЖаннаИвановаҚ") expect(chars, `glyph for ${c}`).toContain(c);
  });

  it("falls back to the shipped font when REPORT_PDF_FONT names a file that does not exist", () => {
    process.env.REPORT_PDF_FONT = "/nonexistent/font.ttf";
    expect(pdfFont()).toMatch(/DejaVuSans\.ttf$/);
  });
});
