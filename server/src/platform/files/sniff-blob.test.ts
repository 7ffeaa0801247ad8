import { describe, expect, it } from "vitest";
import { checkNameMatches } from "./blob-db.js";
import { isExecutable, sniffBlob } from "./sniff.js";

const zipWith = (...names: string[]) =>
  Buffer.concat([
    Buffer.from("PK\u0003\u0004"),
    Buffer.alloc(26),
    ...names.map((n) => Buffer.from(`${n}\0\0`)),
  ]);
const odf = (type: string) =>
  Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(26), Buffer.from(`mimetype${type}`)]);

describe("sniffBlob: what a stored file is, from its bytes", () => {
  const cases: [string, Buffer, string][] = [
    ["PDF", Buffer.from("%PDF-1.4\n%âãÏÓ\n"), "pdf"],
    ["PDF after junk", Buffer.concat([Buffer.alloc(10, 0x20), Buffer.from("%PDF-1.7")]), "pdf"],
    ["PNG", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), "png"],
    ["JPEG", Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]), "jpeg"],
    ["GIF", Buffer.from("GIF89a\u0001\u0000"), "gif"],
    ["WebP", Buffer.concat([Buffer.from("RIFF\u0000\u0000\u0000\u0000WEBPVP8 ")]), "webp"],
    ["docx", zipWith("[Content_Types].xml", "word/document.xml"), "docx"],
    ["xlsx", zipWith("[Content_Types].xml", "xl/workbook.xml"), "xlsx"],
    ["pptx", zipWith("_rels/.rels", "ppt/presentation.xml"), "pptx"],
    ["odt", odf("application/vnd.oasis.opendocument.text"), "odt"],
    ["ods", odf("application/vnd.oasis.opendocument.spreadsheet"), "ods"],
    ["plain zip", zipWith("photos/1.jpg"), "zip"],
    ["legacy .doc/.xls/.msg", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), "ole"],
    ["TNEF winmail.dat", Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]), "tnef"],
    ["RTF", Buffer.from("{\\rtf1\\ansi hello}"), "rtf"],
    ["gzip", Buffer.from([0x1f, 0x8b, 0x08, 0]), "gzip"],
    ["EML", Buffer.from("Received: from x\r\nFrom: a@b.c\r\nTo: d@e.f\r\nSubject: Hi\r\n\r\nBody"), "eml"],
    ["CSV", Buffer.from("name;city\nAda;Niš\nBob;Almaty\n"), "csv"],
    ["text", Buffer.from("Just a note about the deal.\nSecond line"), "text"],
    ["Windows-1251 text", Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x0a]), "text"],
    ["vCard", Buffer.from("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"), "vcf"],
    ["iCalendar", Buffer.from("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), "ics"],
    ["HTML", Buffer.from("<!DOCTYPE html><html><body>x</body></html>"), "html"],
    ["HTML fragment with script", Buffer.from("hello <script>alert(1)</script>"), "html"],
    ["SVG", Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'), "svg"],
    ["XML", Buffer.from('<?xml version="1.0"?><root/>'), "xml"],
    ["random binary", Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0xfe, 7, 0]), "binary"],
  ];
  it.each(cases)("%s", (_label, head, kind) => {
    expect(sniffBlob(head).kind).toBe(kind);
  });

  it("knows UTF-8 text from other encodings (charset only when it is UTF-8)", () => {
    expect(sniffBlob(Buffer.from("Привет\n")).utf8).toBe(true);
    expect(sniffBlob(Buffer.from([0xcf, 0xf0, 0xe8, 0x0a])).utf8).toBe(false);
    // A multi-byte letter cut at the end of the head is still UTF-8.
    expect(sniffBlob(Buffer.from("Привет").subarray(0, 5)).utf8).toBe(true);
  });

  it("recognises programs: PE, ELF, Mach-O", () => {
    expect(isExecutable(Buffer.from("MZ\u0090\u0000"))).toBe(true);
    expect(isExecutable(Buffer.from("\u007fELF\u0002"))).toBe(true);
    expect(isExecutable(Buffer.from([0xcf, 0xfa, 0xed, 0xfe]))).toBe(true);
    expect(isExecutable(Buffer.from("%PDF-1.4"))).toBe(false);
  });

  it("refuses names that lie about images, PDFs and active content, tolerates the rest", () => {
    expect(() => checkNameMatches("photo.png", "html")).toThrow(/does not match/);
    expect(() => checkNameMatches("scan.PDF", "text")).toThrow();
    expect(() => checkNameMatches("report.docx", "svg")).toThrow();
    expect(() => checkNameMatches("page.html", "html")).not.toThrow();
    expect(() => checkNameMatches("photo.jpg", "png")).not.toThrow();
    expect(() => checkNameMatches("old.doc", "pdf")).not.toThrow();
  });
});
