/** What the user typed, read as text and — when it looks like one — as a phone number or its fragment. */
export interface ParsedQuery {
  text: string;
  /** The query's digits when it consists of phone characters only and has at least 4 digits. */
  phoneDigits: string | null;
  /** The digits to look for inside stored phone digits (national number for Russian/Kazakh 8…/7… numbers). */
  phoneCore: string | null;
}

const PHONE_CHARS = /^[\d\s+()\-.\u2012-\u2015]+$/;

export function parseQuery(raw: string): ParsedQuery {
  const text = raw.trim().replace(/\s+/g, " ");
  const digits = text.replace(/\D/g, "");
  if (!PHONE_CHARS.test(text) || digits.length < 4) return { text, phoneDigits: null, phoneCore: null };
  // Russia and Kazakhstan: "8 912 …" is the trunk-prefixed form of "+7 912 …"; match on the 10-digit number.
  // Serbia and most of Europe: "064 …" is "+381 64 …" without the country code; drop the trunk 0.
  let core = digits;
  if (digits.length === 11 && (digits[0] === "8" || digits[0] === "7")) core = digits.slice(1);
  else if (digits.length >= 8 && digits[0] === "0") core = digits.replace(/^0+/, "");
  return { text, phoneDigits: digits, phoneCore: core };
}

/** Escapes LIKE wildcards so user input only ever matches literally. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Where in `value` the query occurs (case- and accent-insensitive, approximately), for highlighting. */
export function matchRange(value: string, query: string): [number, number] | null {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const v = fold(value);
  const q = fold(query);
  if (v.length !== value.length) return null;
  const i = v.indexOf(q);
  return i >= 0 ? [i, i + q.length] : null;
}

/**
 * The prefix tsquery text of a normalized query: every word must occur, in any order, as a word or a word's
 * beginning (`'ivan':* & 'petrov':*`). Words are split on anything but letters and digits, so no tsquery
 * syntax from the input survives; null when nothing is left.
 */
export function prefixTsQuery(norm: string): string | null {
  const words = norm
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `'${w}':*`).join(" & ") : null;
}
