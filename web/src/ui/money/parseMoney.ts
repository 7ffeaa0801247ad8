import { localeData } from "../../i18n/localeData";

export type AmountParse = { value: string | null } | { error: "invalid" | "tooManyDecimals" };

const SPACES = /[\s\u00a0\u202f']/g;
/** Currency signs and words people type around an amount. */
const CURRENCY_BEFORE = /^[^\d\-+−.,]*/u;
const CURRENCY_AFTER = /(?<=\d)\s*[^\d\s.,][^\d]*$/u;

/**
 * An amount typed the way the user's language writes it, as the API's decimal string (never a float):
 * `1 250 000,50` → `1250000.50`. Spaces (also non-breaking) and apostrophes group digits; the last `,` or `.`
 * is the decimal point unless it is the language's group separator followed by exactly three digits
 * (`1.250` is 1250 in Serbian, `1,250` in English). Anything else is refused.
 */
export function parseTypedAmount(text: string, language: string, maxDecimals = 2): AmountParse {
  const trimmed = text.trim();
  if (!trimmed) return { value: null };
  const unsigned = trimmed.replace(CURRENCY_BEFORE, "");
  const negative = /^[-−]/.test(unsigned);
  const body = unsigned
    .replace(/^[-−+]/, "")
    .replace(CURRENCY_AFTER, "")
    .replace(SPACES, "");
  if (!/^\d[\d.,]*$/.test(body) || /[.,]$/.test(body)) return { error: "invalid" };
  const { group } = localeData(language);
  const marks = body.replace(/\d/g, "");
  let int = body;
  let frac = "";
  if (marks) {
    const last = Math.max(body.lastIndexOf(","), body.lastIndexOf("."));
    const lastMark = body[last] as string;
    const tail = body.slice(last + 1);
    const isGroupOnly =
      [...marks].every((m) => m === lastMark) &&
      (marks.length > 1 || (lastMark === group.trim() && tail.length === 3));
    if (isGroupOnly) {
      if (!/^\d{1,3}([.,]\d{3})+$/.test(body)) return { error: "invalid" };
      int = body.replace(/[.,]/g, "");
    } else {
      int = body.slice(0, last);
      frac = tail;
      const groupMarks = int.replace(/\d/g, "");
      if (groupMarks) {
        if ([...groupMarks].some((m) => m === lastMark) || !/^\d{1,3}([.,]\d{3})+$/.test(int))
          return { error: "invalid" };
        int = int.replace(/[.,]/g, "");
      }
    }
  }
  if (frac.length > maxDecimals) return { error: "tooManyDecimals" };
  int = int.replace(/^0+(?=\d)/, "");
  const value = `${negative ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
  return { value };
}
