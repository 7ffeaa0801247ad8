import { describe, expect, it } from "vitest";
import { parseTypedAmount } from "./parseMoney";

const NB = "\u00a0";

describe("amounts typed in the user's language become exact decimal strings", () => {
  it.each([
    ["ru", "1 250 000,50", "1250000.50"],
    ["ru", `1${NB}250${NB}000,50`, "1250000.50"],
    ["ru", "1\u202f250\u202f000,50", "1250000.50"],
    ["ru", "1250000.50", "1250000.50"],
    ["ru", "1250000,5", "1250000.5"],
    ["ru", "1.250.000", "1250000"],
    ["ru", "935 000 ₽", "935000"],
    ["ru", "935 000 руб.", "935000"],
    ["kk", "1 500,00 ₸", "1500.00"],
    ["sr", "1.250.000,50", "1250000.50"],
    ["sr", "1.250", "1250"],
    ["sr", "12,5", "12.5"],
    ["en", "1,250,000.50", "1250000.50"],
    ["en", "$1,250", "1250"],
    ["en", "0.1", "0.1"],
    ["en", "9999999999999.99", "9999999999999.99"],
    ["en", "-15.20", "-15.20"],
    ["ru", "007", "7"],
  ])("%s: %s → %s", (language, text, value) => {
    expect(parseTypedAmount(text, language)).toEqual({ value });
  });

  it("refuses what is not an amount instead of guessing", () => {
    expect(parseTypedAmount("", "ru")).toEqual({ value: null });
    expect(parseTypedAmount("abc", "ru")).toEqual({ error: "invalid" });
    expect(parseTypedAmount("1,2,3", "ru")).toEqual({ error: "invalid" });
    expect(parseTypedAmount("12,50.3", "en")).toEqual({ error: "invalid" });
    expect(parseTypedAmount("1.250,000", "ru")).toEqual({ error: "tooManyDecimals" });
    expect(parseTypedAmount("12,", "ru")).toEqual({ error: "invalid" });
    expect(parseTypedAmount("1,505", "ru")).toEqual({ error: "tooManyDecimals" });
    expect(parseTypedAmount("10.125", "en", 2)).toEqual({ error: "tooManyDecimals" });
  });
});
