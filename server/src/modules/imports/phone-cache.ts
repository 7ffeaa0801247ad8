import type { CountryCode } from "libphonenumber-js";
import { parsePhone } from "../../platform/records/values.js";

type Parsed = ReturnType<typeof parsePhone>;

/** Distinct numbers kept per run before the cache starts over (a few MB). */
const MAX_ENTRIES = 50_000;

/**
 * Only digits, a leading `+` and the separators people write between digits (space, `-`, `(`, `)`, `.`, `/`),
 * at most 250 characters (libphonenumber's input limit) and at least 3 digits (shorter ones take another path).
 */
const PLAIN_NUMBER = /^\+?[0-9 ()./-]{3,249}$/;

/**
 * `parsePhone`'s result within one import run, per region and number as libphonenumber reads it. Files repeat
 * numbers (an office's switchboard on every employee's row), and libphonenumber costs ~8 µs per call. For a
 * plain number libphonenumber's result depends only on the leading `+` and the digits (it starts at the first
 * `+` or digit, strips trailing separators, finds no extension without letters, `#`, `,`, `;` or `~`, and parses
 * the `+` and digits that remain), so `8 (912) 345-67-89` and `8-912-345-6789` share one entry; anything else
 * (extensions, `tel:` URIs, other scripts' digits) is keyed by its whole text.
 */
export class PhoneCache {
  private readonly results = new Map<string, Parsed>();
  private lookups = 0;
  private hits = 0;
  private off = false;

  /**
   * `probe`: after this many numbers, a cache that answered fewer than one in eight stops for the rest of the run
   * — keying and keeping every number costs ~1.5 µs a number (~6 µs to parse), so a file of distinct numbers
   * would pay for nothing.
   */
  constructor(private readonly probe = 4096) {}

  parse(raw: string, region: CountryCode | undefined): Parsed {
    if (this.off) return parsePhone(raw, region);
    if (++this.lookups === this.probe && this.hits * 8 < this.probe) {
      this.off = true;
      this.results.clear();
    }
    const text = cacheKey(raw);
    if (text === null) return parsePhone(raw, region);
    const key = `${region ?? ""}|${text}`;
    const hit = this.results.get(key);
    if (hit !== undefined) {
      this.hits++;
      return hit;
    }
    const parsed = parsePhone(raw, region);
    if (this.off) return parsed;
    if (this.results.size >= MAX_ENTRIES) this.results.clear();
    this.results.set(key, parsed);
    return parsed;
  }
}

/**
 * The text as `parsePhone` reads it; for a plain number, its `+` and digits alone. Null for an RFC 3966
 * `;phone-context=`: libphonenumber checks it with global regexes whose `lastIndex` outlives the call, so the
 * same text is accepted and refused in turn — not a result to keep.
 */
export function cacheKey(raw: string): string | null {
  const text = raw.trim().replace(/^00(?=[1-9])/, "+");
  if (!PLAIN_NUMBER.test(text)) return text.includes(";phone-context=") ? null : `=${text}`;
  const digits = text.replace(/[^0-9]/g, "");
  return digits.length >= 3 ? `${text[0] === "+" ? "+" : "#"}${digits}` : `=${text}`;
}
