import { existsSync } from "node:fs";
import { createRequire } from "node:module";

function packagedFont(): string | null {
  try {
    return createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
  } catch {
    return null;
  }
}

/**
 * The PDF font: `REPORT_PDF_FONT` when set, else DejaVu Sans shipped with the server (npm `dejavu-fonts-ttf`:
 * Latin, Cyrillic for ru/sr/kk, Serbian Latin), else a system DejaVu, else PDFKit's Helvetica (Latin only).
 */
export function pdfFont(): string | null {
  const candidates = [
    process.env.REPORT_PDF_FONT,
    packagedFont(),
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
  ];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p as string)) ?? null;
}

/**
 * A text document as an A4 PDF: the title (also the document's Title) and the text's paragraphs, in the server's
 * PDF font — e.g. a message template rendered for a record, generated to go with a letter.
 */
export async function textDocumentPdf(input: {
  title: string;
  text: string;
  language?: string;
}): Promise<Buffer> {
  // pdfkit is loaded on first use: every process imports this module, few make a PDF.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    lang: input.language,
    info: { Title: input.title },
  });
  const font = pdfFont();
  if (font) doc.font(font);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  if (input.title) doc.fontSize(16).text(input.title).moveDown();
  doc.fontSize(11);
  for (const paragraph of input.text.split(/\n{2,}/)) doc.text(paragraph.trim()).moveDown(0.6);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
