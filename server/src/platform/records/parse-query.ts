import type { ParsedQuery } from "./definition.js";

const PHONE_CHARS = /^[\d\s+()\-.\u2012-\u2015]+$/;

/** What the user typed, read as text and — when it looks like one — as a phone number or its fragment. */
export function parseQuery(raw: string): ParsedQuery {
  const text = raw.trim().replace(/\s+/g, " ");
  const digits = text.replace(/\D/g, "");
  if (!PHONE_CHARS.test(text) || digits.length < 4)
    return { text, phoneDigits: null, phoneCore: null, phoneAlt: null };
  // Russia and Kazakhstan: "8 912 …" is the trunk-prefixed form of "+7 912 …"; match on the 10-digit number.
  // Serbia and most of Europe: "064 …" is "+381 64 …" without the country code; drop the trunk 0.
  let core = digits;
  if (digits.length === 11 && (digits[0] === "8" || digits[0] === "7")) core = digits.slice(1);
  else if (digits.length >= 8 && digits[0] === "0") core = digits.replace(/^0+/, "");
  // "8 978 690" is how the start of "+7 978 690-81-98" is typed: stored digits hold 7978690…, never 8978690….
  const trunkStart = digits.length < 11 && digits[0] === "8" && /^[(\s]*8/.test(text);
  return { text, phoneDigits: digits, phoneCore: core, phoneAlt: trunkStart ? `7${digits.slice(1)}` : null };
}
