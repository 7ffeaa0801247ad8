import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { sniffKind } from "../../../platform/files/sniff.js";
import { suggestMapping } from "../suggest.js";
import { detectDelimiter } from "./delimiter.js";
import { detectEncoding } from "./encoding.js";
import { readRows, type SourceFormat } from "./rows.js";

const ruCsv =
  "Фамилия;Имя;Телефон;Имейл;Название компании\nПетров;Иван;+7 (916) 123-45-67;ivan@example.ru;ООО «Ромашка»\n";

async function collect(buf: Buffer, format: SourceFormat) {
  const out: string[][] = [];
  for await (const r of readRows(Readable.from([buf]), format)) out.push(r.cells);
  return out;
}

describe("source detection", () => {
  it("tells CSV, XLSX and vCard apart and refuses binary garbage", async () => {
    expect(sniffKind(Buffer.from("a,b\n1,2\n"))).toBe("csv");
    expect(sniffKind(Buffer.from("BEGIN:VCARD\r\nVERSION:4.0\r\n"))).toBe("vcf");
    expect(sniffKind(iconv.encode("Имя\tТелефон\n", "utf-16le", { addBOM: true }))).toBe("csv");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("s").addRow(["a"]);
    expect(sniffKind(Buffer.from(await wb.xlsx.writeBuffer()))).toBe("xlsx");
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(sniffKind(garbage)).toBeNull();
    expect(sniffKind(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]))).toBeNull();
  });

  it("detects UTF-8 (with and without BOM), UTF-16, Windows-1251 and KOI8-R", () => {
    expect(detectEncoding(Buffer.from(ruCsv))).toBe("utf-8");
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ruCsv)]))).toBe(
      "utf-8",
    );
    expect(detectEncoding(iconv.encode(ruCsv, "utf-16le", { addBOM: true }))).toBe("utf-16le");
    expect(detectEncoding(iconv.encode(ruCsv, "utf-16be", { addBOM: true }))).toBe("utf-16be");
    expect(detectEncoding(iconv.encode(ruCsv, "windows-1251"))).toBe("windows-1251");
    expect(detectEncoding(iconv.encode(ruCsv, "koi8-r"))).toBe("koi8-r");
  });

  it("detects , ; tab and | delimiters, ignoring ones inside quotes", () => {
    expect(detectDelimiter("a,b,c\n1,2,3\n")).toBe(",");
    expect(detectDelimiter('a;b;c\n"x, y";2;3\n')).toBe(";");
    expect(detectDelimiter("a\tb\n1\t2\n")).toBe("\t");
    expect(detectDelimiter("a|b|c\n1|2|3\n")).toBe("|");
  });

  it("reads Windows-1251 and UTF-16 rows with a header", async () => {
    const cp = await collect(iconv.encode(ruCsv, "windows-1251"), {
      kind: "csv",
      encoding: "windows-1251",
      delimiter: ";",
    });
    expect(cp[0]).toEqual(["Фамилия", "Имя", "Телефон", "Имейл", "Название компании"]);
    expect(cp[1]?.[4]).toBe("ООО «Ромашка»");
    const u16 = await collect(iconv.encode(ruCsv, "utf-16le", { addBOM: true }), {
      kind: "csv",
      encoding: "utf-16le",
      delimiter: ";",
    });
    expect(u16).toEqual(cp);
  });

  it("suggests fields from en/ru/sr/kk headers", () => {
    const fields = ["name", "firstName", "lastName", "emails", "phones", "taxId", "position"].map((key) => ({
      key,
    }));
    expect(suggestMapping(["Фамилия", "Имя", "Телефон", "Имейл", "Должность"], fields)).toEqual({
      "0": "lastName",
      "1": "firstName",
      "2": "phones",
      "3": "emails",
      "4": "position",
    });
    expect(suggestMapping(["Назив", "ПИБ", "E-mail"], fields)).toEqual({
      "0": "name",
      "1": "taxId",
      "2": "emails",
    });
    expect(suggestMapping(["Аты", "БСН", "Unknown"], fields)).toEqual({ "0": "firstName", "1": "taxId" });
  });
});

describe("CSV reader", () => {
  const parseAll = async (chunks: string[], d = ",") => {
    const { parseCsv } = await import("./csv.js");
    const out: string[][] = [];
    for await (const r of parseCsv(
      (async function* () {
        yield* chunks;
      })(),
      d,
    ))
      out.push(r);
    return out;
  };
  const text = '\uFEFFa,b,c\r\n"x, ""quoted""",plain,"multi\nline"\n\n1,,3\rlast,"",end';
  const expected = [
    ["a", "b", "c"],
    ['x, "quoted"', "plain", "multi\nline"],
    ["1", "", "3"],
    ["last", "", "end"],
  ];

  it("handles quotes, escaped quotes, CRLF/CR/LF, empty lines and a BOM", async () => {
    expect(await parseAll([text])).toEqual(expected);
  });

  it("gives the same records however the text is split into chunks", async () => {
    for (let cut = 1; cut < text.length; cut++) {
      expect(await parseAll([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
    }
    expect(await parseAll([...text])).toEqual(expected);
  });
});
