import { describe, expect, it } from "vitest";
import { parseRatesPaste } from "./parseRatesPaste";

describe("pasted exchange rates", () => {
  it("reads rows in the user's language: tabs, semicolons or three commas; skips a header and empty rows", () => {
    const text =
      "Валюта\tДата\tКурс\nUSD\t01.12.2026\t92,5\n\neur; 1.12.2026; 1 234,5678\nKZT,2026-12-01,0.18";
    expect(parseRatesPaste(text, "ru", "RUB")).toEqual({
      rates: [
        { currency: "USD", effectiveOn: "2026-12-01", rate: "92.5" },
        { currency: "EUR", effectiveOn: "2026-12-01", rate: "1234.5678" },
        { currency: "KZT", effectiveOn: "2026-12-01", rate: "0.18" },
      ],
      problems: [],
    });
  });

  it("names each row it cannot read instead of guessing", () => {
    const text = [
      "USD\t13/01/2026\t92.5", // English order: month 13
      "RUB\t01/12/2026\t1", // the workspace currency
      "EUR\t01/12/2026\t0", // not > 0
      "EUR\t01/12/2026\t1.12345678901", // 11 decimals
      "USD\t01/12/2026", // a cell missing
      "US1\t01/12/2026\t1",
    ].join("\n");
    expect(parseRatesPaste(text, "en", "RUB").problems).toEqual([
      { line: 1, problem: "date" },
      { line: 2, problem: "currency" },
      { line: 3, problem: "rate" },
      { line: 4, problem: "rate" },
      { line: 5, problem: "columns" },
      { line: 6, problem: "currency" },
    ]);
  });
});
