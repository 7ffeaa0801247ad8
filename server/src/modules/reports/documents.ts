import { stringify } from "csv-stringify/sync";
import { pdfFont } from "../../platform/documents/pdf.js";
import { escapeFormula } from "../exports/module.js";
import { chartOption, display, loadChartSvg } from "./chart-svg.js";
import type { ReportDefinition } from "./definition.js";
import type { ReportResult } from "./run.js";
import { localize, reportTexts } from "./texts.js";

/** A report's table as headings + display rows, in the reader's language. */
export function reportTable(d: ReportDefinition, result: ReportResult, language: string) {
  const t = reportTexts(language);
  const visible = result.columns.filter((c) => !c.hidden);
  const heading = (key: string): string => {
    const col = result.columns.find((c) => c.key === key);
    if (key.startsWith("d")) {
      const dim = d.groupBy[Number(key.slice(1))];
      if (!dim) return key;
      const name = col?.label ?? (dim.field === "ownerTeam" ? t.team : dim.field);
      return dim.bucket ? `${name} (${t.bucket[dim.bucket]})` : name;
    }
    const m = d.measures[Number(key.slice(1))];
    if (!m) return key;
    const fn = t.fn[m.fn] ?? m.fn;
    return m.field ? `${fn}: ${col?.label ?? m.field}` : fn;
  };
  const headings = visible.map((c) => localize(t, heading(c.key)));
  const rows = result.rows.map((r) =>
    visible.map((c) => {
      const v = display(result, c.key, r);
      return c.currencyKey && r[c.currencyKey] && v !== "—" ? `${v} ${r[c.currencyKey]}` : v;
    }),
  );
  const measureLabels = d.measures.map((_, i) => localize(t, heading(`m${i}`)));
  return { headings, rows, measureLabels, t };
}

export function reportCsv(d: ReportDefinition, result: ReportResult, language: string): Buffer {
  const { headings, rows } = reportTable(d, result, language);
  const text = stringify(
    [headings, ...rows].map((r) => r.map(escapeFormula)),
    { bom: true },
  );
  return Buffer.from(text, "utf8");
}

export interface Section {
  name: string;
  definition: ReportDefinition;
  result: ReportResult;
}

/** XLSX, a sheet per report, string cells neutralised like exports do, numbers as numbers. */
export async function reportXlsx(sections: Section[], language: string): Promise<Buffer> {
  // exceljs, pdfkit and ECharts are loaded on first use: every process imports this module, few export a report.
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const used = new Set<string>();
  for (const s of sections) {
    const { headings, rows } = reportTable(s.definition, s.result, language);
    let title = s.name.replace(/[\\/*?:[\]]/g, " ").slice(0, 28) || "Report";
    while (used.has(title)) title = `${title.slice(0, 26)}_${used.size}`;
    used.add(title);
    const ws = wb.addWorksheet(title);
    ws.addRow(headings.map(escapeFormula)).font = { bold: true };
    for (const r of rows) {
      ws.addRow(r.map((v) => (/^-?\d{1,15}(\.\d+)?$/.test(v) ? Number(v) : escapeFormula(v))));
    }
    for (const c of ws.columns) c.width = 20;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Loads the document libraries now instead of at a document's first render (tests call it in a hook, whose
 * timeout is longer than a test's, so a loaded machine spends the load there).
 */
export async function loadDocumentLibraries(): Promise<void> {
  await Promise.all([import("exceljs"), import("pdfkit"), import("svg-to-pdfkit"), loadChartSvg()]);
}

/** The PDF font (shared with other generated documents: `platform/documents/pdf.ts`). */
export { pdfFont } from "../../platform/documents/pdf.js";

/** The report as a PDF: title, time, the chart (ECharts SVG drawn as vectors) and the table. */
export async function reportPdf(sections: Section[], language: string, generatedAt: string): Promise<Buffer> {
  const [{ default: PDFDocument }, { default: SVGtoPDF }, chartSvg] = await Promise.all([
    import("pdfkit"),
    import("svg-to-pdfkit"),
    loadChartSvg(),
  ]);
  const doc = new PDFDocument({ size: "A4", margin: 40, info: { Title: sections[0]?.name ?? "Report" } });
  const font = pdfFont();
  if (font) doc.font(font);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  sections.forEach((s, i) => {
    if (i > 0) doc.addPage();
    const { headings, rows, measureLabels, t } = reportTable(s.definition, s.result, language);
    doc.fontSize(16).text(s.name);
    doc
      .fontSize(9)
      .fillColor("#555")
      .text(localize(t, t.generated(generatedAt, s.result.timeZone)));
    doc.fillColor("#000").moveDown();
    if (s.result.chart.type === "number") {
      const v = s.result.rows[0]?.m0 ?? "—";
      doc.fontSize(28).text(String(v));
      const p = s.result.previous?.m0;
      if (p !== undefined) doc.fontSize(10).text(`${localize(t, t.previous)}: ${p ?? "—"}`);
    } else {
      const option = chartOption(s.result, measureLabels);
      if (option) {
        const y = doc.y;
        SVGtoPDF(doc, chartSvg(option, 515, 260), 40, y, { width: 515, height: 260 });
        doc.y = y + 270;
      }
    }
    doc.moveDown();
    const width = 515 / Math.max(1, headings.length);
    const line = (cells: string[], bold = false) => {
      if (doc.y > 780) doc.addPage();
      const y = doc.y;
      cells.forEach((c, k) => {
        doc
          .fontSize(bold ? 9 : 8)
          .text(c, 40 + k * width, y, { width: width - 4, lineBreak: false, ellipsis: true });
      });
      doc.x = 40;
      doc.y = y + 13;
    };
    line(headings, true);
    for (const r of rows.slice(0, 500)) line(r);
    if (s.result.notices.length > 0) {
      doc
        .moveDown()
        .fontSize(8)
        .text(`${localize(t, t.notices)}: ${s.result.notices.map((n) => n.code).join(", ")}`, 40);
    }
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
