/**
 * Decides what an uploaded file really is from its first bytes. The client's content type and file name are
 * never trusted: a file is accepted only as one of these kinds and is always served back as an attachment.
 */
export type ImageKind = "png" | "jpeg" | "webp";
export type FileKind = "csv" | "xlsx" | "vcf" | ImageKind;

export const CONTENT_TYPES: Record<FileKind, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  vcf: "text/vcard; charset=utf-8",
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG, JPEG or WebP by their magic bytes (photos); anything else — SVG and GIF included — is null. */
export function sniffImage(head: Buffer): ImageKind | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG)) return "png";
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (
    head.length >= 16 &&
    head.toString("latin1", 0, 4) === "RIFF" &&
    head.toString("latin1", 8, 12) === "WEBP" &&
    /^VP8[ LX]$/.test(head.toString("latin1", 12, 16))
  )
    return "webp";
  return null;
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function sniffKind(head: Buffer): FileKind | null {
  if (head.length === 0) return null;
  if (head.subarray(0, 4).equals(ZIP)) return "xlsx";
  const text = headText(head);
  if (text === null) return null;
  if (/^\s*BEGIN:VCARD\r?\n/i.test(text)) return "vcf";
  return "csv";
}

/** The head decoded just enough to look at it, or null when it is binary (NULs / control bytes). */
function headText(head: Buffer): string | null {
  if (head[0] === 0xff && head[1] === 0xfe) return looksTextual(head.subarray(2).toString("utf16le"));
  if (head[0] === 0xfe && head[1] === 0xff) return looksTextual(swap16(head.subarray(2)).toString("utf16le"));
  // UTF-16 without a BOM: every other byte is NUL for Latin text.
  const sample = head.subarray(0, 4096);
  const evenNuls = countNuls(sample, 0);
  const oddNuls = countNuls(sample, 1);
  const half = sample.length / 2;
  if (oddNuls > half * 0.3 && evenNuls === 0) return looksTextual(sample.toString("utf16le"));
  if (evenNuls > half * 0.3 && oddNuls === 0) return looksTextual(swap16(sample).toString("utf16le"));
  if (evenNuls + oddNuls > 0) return null;
  return looksTextual(sample.toString("latin1"));
}

function countNuls(b: Buffer, parity: number): number {
  let n = 0;
  for (let i = parity; i < b.length; i += 2) if (b[i] === 0) n++;
  return n;
}

function swap16(b: Buffer): Buffer {
  const out = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  out.swap16();
  return out;
}

/** Text has almost no C0 control characters besides tab, CR, LF (and form feed in odd exports). */
function looksTextual(s: string): string | null {
  let controls = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) controls++;
  }
  return controls <= Math.max(1, s.length * 0.01) ? s : null;
}
