import chardet from "chardet";
import iconv from "iconv-lite";

/**
 * Encoding detection for text uploads: byte-order marks first, then the UTF-16 NUL pattern, then strict UTF-8,
 * then chardet — with a Cyrillic tie-break, because short Russian/Kazakh/Serbian files in Windows-1251 and
 * KOI8-R look alike to a statistical detector.
 */
const CYRILLIC_SINGLE_BYTE = ["windows-1251", "koi8-r", "ibm866", "iso-8859-5"];
const KNOWN = new Set([
  "utf-8",
  "utf-16le",
  "utf-16be",
  ...CYRILLIC_SINGLE_BYTE,
  "windows-1252",
  "iso-8859-1",
]);

export function isSupportedEncoding(name: string): boolean {
  return iconv.encodingExists(name);
}

export function detectEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  const sample = head.subarray(0, 64 * 1024);
  const nulEven = countNuls(sample, 0);
  const nulOdd = countNuls(sample, 1);
  if (nulOdd > sample.length / 8 && nulEven < nulOdd / 4) return "utf-16le";
  if (nulEven > sample.length / 8 && nulOdd < nulEven / 4) return "utf-16be";
  if (isUtf8(sample)) return "utf-8";
  const guesses = chardet
    .analyse(sample)
    .map((m) => m.name.toLowerCase())
    .filter((n) => KNOWN.has(n));
  if (guesses.length === 0 || CYRILLIC_SINGLE_BYTE.includes(guesses[0] ?? "")) return bestCyrillic(sample);
  return guesses[0] ?? "windows-1252";
}

function countNuls(b: Buffer, parity: number): number {
  let n = 0;
  for (let i = parity; i < b.length; i += 2) if (b[i] === 0) n++;
  return n;
}

/** Strict UTF-8, tolerating a character cut off at the end of the sample. */
function isUtf8(b: Buffer): boolean {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let cut = 0; cut < 4 && cut < b.length; cut++) {
    try {
      decoder.decode(b.subarray(0, b.length - cut));
      return true;
    } catch {
      // try without a possibly truncated trailing sequence
    }
  }
  return b.length === 0;
}

/**
 * Decodes with each Cyrillic code page and keeps the one whose text reads like words: lowercase letters
 * following letters. In the wrong code page case is inverted or letters become box-drawing symbols.
 */
function bestCyrillic(sample: Buffer): string {
  let best = "windows-1251";
  let bestScore = -1;
  for (const enc of CYRILLIC_SINGLE_BYTE) {
    const text = iconv.decode(sample, enc);
    const score = (text.match(/[а-яёА-ЯЁ][а-яё]/g)?.length ?? 0) - (text.match(/[а-яё][А-ЯЁ]/g)?.length ?? 0);
    if (score > bestScore) {
      best = enc;
      bestScore = score;
    }
  }
  return bestScore > 0 ? best : "windows-1252";
}
