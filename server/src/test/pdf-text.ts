import { inflateSync } from "node:zlib";

/** Every FlateDecode stream of a PDF, inflated (fonts, their ToUnicode maps, page contents). */
export function pdfStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString("latin1");
  for (const m of text.matchAll(/(?<!end)stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString("latin1"));
    } catch {
      // Not deflated: skipped.
    }
  }
  return out;
}

/** The characters the PDF's embedded fonts map back to Unicode (their ToUnicode CMaps). */
export function mappedCharacters(pdf: Buffer): Set<string> {
  const chars = new Set<string>();
  for (const s of pdfStreams(pdf).filter((x) => x.includes("begincmap"))) {
    for (const m of s.matchAll(/<([0-9a-fA-F]{4})>/g))
      chars.add(String.fromCharCode(Number.parseInt(m[1] as string, 16)));
  }
  return chars;
}
