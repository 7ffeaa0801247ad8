/**
 * Amounts as people write them in spreadsheets: `1234.56`, `1,234.56`, `1 234,56`, `1.234,56`, `1'234.56`,
 * `-1 234,56`. The result is the API's decimal string (`-?\d{1,13}(\.\d{1,2})?`) or the reason the cell is
 * refused. A lone `.` or `,` followed by exactly three digits (`1,234`) may be a thousands separator or a
 * decimal point, so it is refused as ambiguous rather than guessed (a wrong guess is off by a factor of 1,000).
 */
export type AmountResult = { ok: true; value: string } | { ok: false; reason: string };

const GROUPED = /^\d{1,3}(?:([.,' ])\d{3})*$/;

export function parseAmount(raw: string, opts: { allowNegative: boolean }): AmountResult {
  let v = raw.trim().replace(/[\u00a0\u202f\u2009]/g, " ");
  let negative = false;
  if (/^[-\u2212]/.test(v)) {
    negative = true;
    v = v.slice(1).trim();
  }
  if (!/^\d[\d.,' ]*$/.test(v) || /[.,' ]$/.test(v)) {
    return { ok: false, reason: "Not an amount (use digits, e.g. 1234.56 or 1 234,56)." };
  }
  if (negative && !opts.allowNegative) return { ok: false, reason: "The amount cannot be negative." };
  const split = splitDecimal(v);
  if ("reason" in split) return { ok: false, reason: split.reason };
  const { whole, fraction } = split;
  const digits = whole.replace(/^0+(?=\d)/, "");
  if (digits.length > 13)
    return { ok: false, reason: "The amount is too large (at most 13 digits before the point)." };
  if (fraction.length > 2) return { ok: false, reason: "Use at most 2 digits after the decimal point." };
  const value = `${negative && !/^0*$/.test(digits + fraction) ? "-" : ""}${digits}${fraction ? `.${fraction}` : ""}`;
  return { ok: true, value };
}

/** The whole part (digits only) and the fraction, or why the separators make no sense. */
function splitDecimal(v: string): { whole: string; fraction: string } | { reason: string } {
  const marks = [...v.matchAll(/[.,]/g)].map((m) => ({ char: m[0], index: m.index ?? 0 }));
  const spaced = /[' ]/.test(v);
  let decimalAt = -1;
  if (marks.length > 0) {
    const last = marks[marks.length - 1] as { char: string; index: number };
    const kinds = new Set(marks.map((m) => m.char));
    const sameAsLast = marks.filter((m) => m.char === last.char).length;
    if (kinds.size === 2) {
      // Both: the last one is the decimal mark (once), the other one groups thousands.
      if (sameAsLast > 1) return { reason: `"${v}" mixes separators in a way that is not a number.` };
      decimalAt = last.index;
    } else if (sameAsLast > 1) {
      decimalAt = -1; // the one mark repeats: it groups thousands (1.234.567)
    } else if (spaced) {
      decimalAt = last.index; // spaces group thousands, so the lone mark is the decimal one (1 234,56)
    } else if (v.length - last.index - 1 === 3) {
      return {
        reason: `Ambiguous amount "${v}": write the thousands without a separator (1234) or give 2 decimals (1234.00).`,
      };
    } else decimalAt = last.index;
  }
  const whole = decimalAt >= 0 ? v.slice(0, decimalAt) : v;
  const fraction = decimalAt >= 0 ? v.slice(decimalAt + 1) : "";
  if (!/^\d*$/.test(fraction)) return { reason: `"${v}" has a separator after the decimal mark.` };
  if (/^\d+$/.test(whole)) return { whole, fraction };
  const grouped = GROUPED.exec(whole);
  // Thousands groups: 1 to 3 digits, then groups of exactly 3, always with the same separator.
  if (!grouped || new Set(whole.replace(/\d/g, "")).size > 1) {
    return { reason: `"${v}": thousands separators must split the digits into groups of three.` };
  }
  return { whole: whole.replace(/\D/g, ""), fraction };
}
