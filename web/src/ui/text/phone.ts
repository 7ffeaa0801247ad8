/** A stored phone (`{raw, e164, extension}` as the API returns it on records and My day). */
export interface PhoneLike {
  raw: string;
  e164?: string | null;
  extension?: string | null;
}

/**
 * National groupings of the numbers the CRM's users dial most, by country calling code: Russia and
 * Kazakhstan `+7 916 123-45-67`, Belarus `+375 29 123-45-67`, Ukraine `+380 44 123 45 67`, Serbia
 * `+381 11 123 4567`, North America `+1 212 555-0100`. Each entry: calling code, digits after it, groups.
 */
const PLANS: ReadonlyArray<{ code: string; length: number; groups: number[]; sep: string[] }> = [
  { code: "7", length: 10, groups: [3, 3, 2, 2], sep: [" ", " ", "-", "-"] },
  { code: "375", length: 9, groups: [2, 3, 2, 2], sep: [" ", " ", "-", "-"] },
  { code: "380", length: 9, groups: [2, 3, 2, 2], sep: [" ", " ", " ", " "] },
  { code: "1", length: 10, groups: [3, 3, 4], sep: [" ", " ", "-"] },
];

function grouped(rest: string, groups: number[], sep: string[]): string {
  let out = "";
  let at = 0;
  groups.forEach((size, i) => {
    out += `${sep[i] ?? " "}${rest.slice(at, at + size)}`;
    at += size;
  });
  return out;
}

/** Serbia: two-digit area or mobile prefix (011, 06x…), then the subscriber number split 3 + rest. */
function serbian(rest: string): string | null {
  if (rest.length < 8 || rest.length > 10) return null;
  const area = rest.slice(0, 2);
  const number = rest.slice(2);
  return `+381 ${area} ${number.slice(0, 3)} ${number.slice(3)}`;
}

/** The number part of a phone for display: its national grouping when known, else the E.164 or as typed. */
export function formatPhoneNumber(phone: PhoneLike): string {
  const e164 = phone.e164 ?? null;
  if (!e164 || !/^\+\d{6,15}$/.test(e164)) return phone.raw.trim().replace(/\s+/g, " ");
  const digits = e164.slice(1);
  for (const plan of PLANS) {
    const rest = digits.slice(plan.code.length);
    if (digits.startsWith(plan.code) && rest.length === plan.length)
      return `+${plan.code}${grouped(rest, plan.groups, plan.sep)}`;
  }
  if (digits.startsWith("381")) return serbian(digits.slice(3)) ?? e164;
  return e164;
}

/** The number with its extension (`ext` is the interface language's word: "ext.", "доб."). */
export function formatPhone(phone: PhoneLike, ext: string): string {
  const number = formatPhoneNumber(phone);
  return phone.extension && phone.e164 ? `${number} ${ext} ${phone.extension}` : number;
}

/** `tel:` link of a phone (RFC 3966: the extension as `;ext=`), or null when nothing dialable is left. */
export function telHref(phone: PhoneLike): string | null {
  if (phone.e164) return `tel:${phone.e164}${phone.extension ? `;ext=${phone.extension}` : ""}`;
  const dialable = phone.raw.replace(/[^\d+]/g, "");
  return dialable.replace(/\D/g, "").length >= 3 ? `tel:${dialable}` : null;
}
