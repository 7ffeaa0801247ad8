import { describe, expect, it } from "vitest";
import { formatDate, formatMoney, formatNumber } from "./format";

const normalize = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("format helpers", () => {
  it("formats money from decimal strings without float rounding", () => {
    expect(normalize(formatMoney("12345678901234567.89", "USD", "en"))).toBe("$12,345,678,901,234,567.89");
    expect(normalize(formatMoney("1234.5", "RUB", "ru"))).toBe("1 234,50 ₽");
    expect(normalize(formatMoney("1500", "KZT", "kk"))).toContain("1 500");
    expect(normalize(formatMoney("99.99", "EUR", "sr"))).toContain("99,99");
  });

  it("leaves non-numeric amounts readable instead of printing NaN", () => {
    expect(formatMoney("abc", "USD", "en")).toBe("abc USD");
  });

  it("formats numbers per language", () => {
    expect(normalize(formatNumber(1234567.5, "ru"))).toBe("1 234 567,5");
    expect(formatNumber("0.1", "en")).toBe("0.1");
  });

  it("formats dates in the given time zone", () => {
    const instant = "2025-03-01T23:30:00Z";
    expect(formatDate(instant, "en", { timeZone: "UTC" })).toBe("Mar 1, 2025");
    expect(formatDate(instant, "en", { timeZone: "Asia/Almaty" })).toBe("Mar 2, 2025");
    expect(formatDate("not a date", "en")).toBe("");
  });
});
