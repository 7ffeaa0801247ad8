import { parseTypedDate } from "../../../ui/dates/parse";
import { parseTypedAmount } from "../../../ui/money/parseMoney";
import type { RateInput } from "./exchangeRatesApi";

export type PasteProblem = "columns" | "currency" | "date" | "rate";
export interface PastedRates {
  rates: RateInput[];
  problems: { line: number; problem: PasteProblem }[];
}

/** A row's cells: tab (a spreadsheet) or `;` separated; `,` only when it splits the row into exactly three. */
function cells(line: string): string[] {
  const split = line.split(/\t|;/).map((cell) => cell.trim());
  if (split.length >= 3) return split;
  const commas = line.split(",").map((cell) => cell.trim());
  return commas.length === 3 ? commas : split;
}

const CODE = /^[A-Z]{3}$/;

/** One row: a rate (pushed to `rates`), a problem, or null for a row to skip (empty, or a header first). */
function parseRow(raw: string, first: boolean, language: string, base: string, rates: RateInput[]) {
  if (!raw.trim()) return null;
  const [code = "", day = "", rate = "", ...rest] = cells(raw);
  const currency = code.toUpperCase();
  if (first && !CODE.test(currency)) return null;
  if (!day || !rate || rest.some(Boolean)) return "columns";
  if (!CODE.test(currency) || currency === base) return "currency";
  const effectiveOn = parseTypedDate(day, language);
  if (!("value" in effectiveOn) || !effectiveOn.value) return "date";
  const amount = parseTypedAmount(rate, language, 10);
  const value = "value" in amount ? amount.value : null;
  if (!value || value.startsWith("-") || !/[1-9]/.test(value)) return "rate";
  rates.push({ currency, effectiveOn: effectiveOn.value, rate: value });
  return null;
}

/**
 * Rates pasted as rows of currency, day and rate (`USD	01.12.2026	92,5`), the day and the rate read in the
 * user's language (the same rules as typing them). A first row that is a header is skipped; empty rows too.
 * Each other row gives a rate or a problem — nothing is guessed.
 */
export function parseRatesPaste(text: string, language: string, base: string): PastedRates {
  const out: PastedRates = { rates: [], problems: [] };
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const problem: PasteProblem | null = parseRow(raw, index === 0, language, base, out.rates);
    if (problem) out.problems.push({ line: index + 1, problem });
  }
  return out;
}
