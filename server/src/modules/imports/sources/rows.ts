import type { Readable } from "node:stream";
import type ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { FileKind } from "../../../platform/files/sniff.js";
import { UnsupportedFileError } from "../../../platform/files/storage.js";
import { parseCsv } from "./csv.js";
import { VCARD_COLUMNS, vcardRows } from "./vcard.js";

export interface SourceFormat {
  kind: FileKind;
  encoding: string;
  delimiter: string;
}

export interface SourceRow {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  rowNumber: number;
  cells: string[];
}

/**
 * The header row and then every data row of a stored upload, streamed. The header comes first as
 * `rowNumber: 1`; vCard files have a synthetic header.
 */
export async function* readRows(stream: Readable, format: SourceFormat): AsyncGenerator<SourceRow> {
  if (format.kind === "xlsx") yield* xlsxRows(stream);
  else if (format.kind === "vcf") {
    yield { rowNumber: 1, cells: [...VCARD_COLUMNS] };
    let n = 1;
    const text = stream.pipe(iconv.decodeStream(format.encoding)) as unknown as AsyncIterable<string>;
    for await (const cells of vcardRows(text)) {
      yield { rowNumber: ++n, cells };
    }
  } else yield* csvRows(stream, format);
}

async function* csvRows(stream: Readable, format: SourceFormat): AsyncGenerator<SourceRow> {
  const text = stream.pipe(iconv.decodeStream(format.encoding)) as unknown as AsyncIterable<string>;
  let n = 0;
  for await (const cells of parseCsv(text, format.delimiter)) yield { rowNumber: ++n, cells };
}

async function* xlsxRows(stream: Readable): AsyncGenerator<SourceRow> {
  // Loaded on first use: every process imports this module, few read a spreadsheet.
  const { default: Excel } = await import("exceljs");
  const reader = new Excel.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    worksheets: "emit",
    entries: "emit",
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        // Blank rows are skipped by the reader; row.number keeps the numbering the spreadsheet shows.
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          cells[col - 1] = cellText(cell.value);
        });
        for (let i = 0; i < cells.length; i++) cells[i] ??= "";
        if (cells.some((c) => c !== "")) yield { rowNumber: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof UnsupportedFileError) throw err;
    throw new UnsupportedFileError(
      `The workbook could not be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v) return String(v.text);
    if ("result" in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
    if ("error" in v) return "";
    return "";
  }
  return String(v);
}
