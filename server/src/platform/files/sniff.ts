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

/**
 * What a stored blob (a file attached to a record, a mail attachment) really is, from its magic bytes. Unlike
 * `sniffKind` (imports), anything is accepted except executables; the kind decides the Content-Type it is served
 * with and whether it may be previewed inline.
 */
export const BLOB_TYPES = {
  pdf: "application/pdf",
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  bmp: "image/bmp",
  tiff: "image/tiff",
  heic: "image/heic",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
  zip: "application/zip",
  ole: "application/x-ole-storage",
  rtf: "application/rtf",
  tnef: "application/vnd.ms-tnef",
  gzip: "application/gzip",
  "7z": "application/x-7z-compressed",
  rar: "application/vnd.rar",
  mp3: "audio/mpeg",
  mp4: "video/mp4",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  wav: "audio/wav",
  webm: "video/webm",
  eml: "message/rfc822",
  vcf: "text/vcard",
  ics: "text/calendar",
  csv: "text/csv",
  text: "text/plain",
  // Active content: never served as what it is (it would run in our origin); always a download.
  html: "application/octet-stream",
  svg: "application/octet-stream",
  xml: "application/octet-stream",
  binary: "application/octet-stream",
} as const;
export type BlobKind = keyof typeof BLOB_TYPES;
export const BLOB_KINDS = Object.keys(BLOB_TYPES) as BlobKind[];

/** Kinds a browser may show inline from our origin (images without scripts, PDF in a sandboxed frame). */
export const INLINE_KINDS: ReadonlySet<BlobKind> = new Set(["pdf", "png", "jpeg", "gif", "webp"]);
/** Kinds that would run script if rendered: stored, but only ever downloaded, and never behind another name. */
export const ACTIVE_KINDS: ReadonlySet<BlobKind> = new Set(["html", "svg", "xml"]);
/** Bytes `sniffBlob` wants to see (less at the end of a short file). */
export const BLOB_HEAD_BYTES = 64 * 1024;

/** The safe Content-Type to serve a blob of this kind with (charset for text kinds that decode as UTF-8). */
export function blobContentType(kind: BlobKind, utf8: boolean): string {
  const type = BLOB_TYPES[kind];
  return utf8 && type.startsWith("text/") ? `${type}; charset=utf-8` : type;
}

const at = (head: Buffer, offset: number, ascii: string) =>
  head.length >= offset + ascii.length && head.toString("latin1", offset, offset + ascii.length) === ascii;
const bytesAt = (head: Buffer, offset: number, bytes: number[]) =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);

/** Windows PE, ELF, Mach-O (thin and fat) and Java classes: refused as uploads. */
export function isExecutable(head: Buffer): boolean {
  if (at(head, 0, "MZ") || at(head, 0, "\u007fELF")) return true;
  const magic = head.length >= 4 ? head.readUInt32BE(0) : 0;
  return [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic);
}

export function sniffBlob(head: Buffer): { kind: BlobKind; utf8: boolean } {
  const binary = (kind: BlobKind) => ({ kind, utf8: false });
  if (head.length === 0) return { kind: "text", utf8: true };
  const pdfAt = head.subarray(0, 1024).indexOf("%PDF-", 0, "latin1");
  if (pdfAt >= 0) return binary("pdf");
  const image = sniffImage(head);
  if (image) return binary(image);
  if (at(head, 0, "GIF87a") || at(head, 0, "GIF89a")) return binary("gif");
  if (at(head, 0, "BM") && head.length >= 14 && head.readUInt32LE(2) > 0 && at(head, 6, "\0\0\0\0"))
    return binary("bmp");
  if (bytesAt(head, 0, [0x49, 0x49, 0x2a, 0x00]) || bytesAt(head, 0, [0x4d, 0x4d, 0x00, 0x2a]))
    return binary("tiff");
  if (at(head, 4, "ftyp")) {
    const brand = head.toString("latin1", 8, 12);
    if (/^(heic|heix|mif1|msf1)$/.test(brand)) return binary("heic");
    return binary(/^M4A/.test(brand) ? "m4a" : "mp4");
  }
  if (at(head, 0, "PK\u0003\u0004") || at(head, 0, "PK\u0005\u0006")) return binary(zipKind(head));
  if (bytesAt(head, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return binary("ole");
  if (bytesAt(head, 0, [0x78, 0x9f, 0x3e, 0x22])) return binary("tnef");
  if (at(head, 0, "{\\rtf")) return binary("rtf");
  if (bytesAt(head, 0, [0x1f, 0x8b])) return binary("gzip");
  if (bytesAt(head, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return binary("7z");
  if (at(head, 0, "Rar!\u001a\u0007")) return binary("rar");
  if (at(head, 0, "ID3")) return binary("mp3");
  if (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0 && headText(head) === null) return binary("mp3");
  if (at(head, 0, "OggS")) return binary("ogg");
  if (at(head, 0, "RIFF") && at(head, 8, "WAVE")) return binary("wav");
  if (bytesAt(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return binary("webm");
  const text = headText(head);
  if (text === null) return binary("binary");
  const utf8 = isUtf8(head);
  return { kind: textKind(text), utf8 };
}

/** Office Open XML and OpenDocument are zips: told apart by the names of their first entries. */
function zipKind(head: Buffer): BlobKind {
  // OpenDocument: the first entry is an uncompressed `mimetype` holding the document's media type.
  if (at(head, 30, "mimetype")) {
    const type = head.toString("latin1", 38, 38 + 60);
    if (type.startsWith(BLOB_TYPES.odt)) return "odt";
    if (type.startsWith(BLOB_TYPES.ods)) return "ods";
    if (type.startsWith(BLOB_TYPES.odp)) return "odp";
  }
  const names = head.toString("latin1");
  const ooxml = names.includes("[Content_Types].xml") || names.includes("_rels/.rels");
  if (names.includes("word/")) return ooxml ? "docx" : "zip";
  if (names.includes("xl/")) return ooxml ? "xlsx" : "zip";
  if (names.includes("ppt/")) return ooxml ? "pptx" : "zip";
  return "zip";
}

const EML_HEADER =
  /^(return-path|received|from|to|subject|date|message-id|mime-version|delivered-to|reply-to|x-[\w-]+):/i;

function textKind(text: string): BlobKind {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  const lower = start.slice(0, 2048).toLowerCase();
  if (/^begin:vcard\r?\n/.test(lower)) return "vcf";
  if (/^begin:vcalendar\r?\n/.test(lower)) return "ics";
  if (
    /<svg[\s>]/.test(lower) &&
    (lower.startsWith("<svg") || lower.startsWith("<?xml") || lower.startsWith("<!doctype svg"))
  )
    return "svg";
  if (/^<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]|^<script[\s>]|^<iframe[\s>]/.test(lower))
    return "html";
  if (/<(script|iframe|object|embed)[\s>]|<html[\s>]/.test(lower)) return "html";
  if (lower.startsWith("<?xml")) return "xml";
  const lines = start.split(/\r?\n/, 12);
  const headers = lines.filter((l) => EML_HEADER.test(l)).length;
  if (EML_HEADER.test(lines[0] ?? "") && headers >= 3) return "eml";
  if (looksDelimited(lines)) return "csv";
  return "text";
}

/** At least two lines, the same non-zero count of one delimiter in each complete line. */
function looksDelimited(lines: string[]): boolean {
  const complete = lines.slice(0, -1).filter((l) => l.length > 0);
  if (complete.length < 2) return false;
  return [",", ";", "\t"].some((d) => {
    const counts = complete.map((l) => l.split(d).length - 1);
    return (counts[0] ?? 0) > 0 && counts.every((c) => c === counts[0]);
  });
}

function isUtf8(head: Buffer): boolean {
  try {
    // `stream`: a multi-byte sequence cut at the end of the head is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}
