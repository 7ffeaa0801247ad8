import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { datesSettings } from "../ui/dates/datesLocale";
import {
  formatDate,
  formatDateTime,
  formatFullDate,
  formatMoney,
  formatMonthYear,
  formatNumber,
  formatTime,
  formatWeekdayDay,
  formatWeekdayShort,
} from "./format";
import { instantOf, wallTime } from "./zoned";

const NB = "\u00a0";

describe("numbers and money in the app's own locale data (no browser ICU)", () => {
  it("formats money from decimal strings without float rounding", () => {
    expect(formatMoney("12345678901234567.89", "USD", "en")).toBe("$12,345,678,901,234,567.89");
    expect(formatMoney("1234.5", "RUB", "ru")).toBe(`1${NB}234,50${NB}₽`);
    expect(formatMoney("935000", "RUB", "kk")).toBe(`935${NB}000,00${NB}₽`);
    expect(formatMoney("1500", "KZT", "kk")).toBe(`1${NB}500,00${NB}₸`);
    expect(formatMoney("1250000.5", "RSD", "sr")).toBe(`1.250.000,50${NB}дин.`);
    expect(formatMoney("99.99", "EUR", "sr")).toBe(`99,99${NB}€`);
    expect(formatMoney("935000", "RUB", "en")).toBe(`₽935,000.00`);
    expect(formatMoney("10", "RSD", "en")).toBe(`RSD${NB}10.00`);
    expect(formatMoney("-1.005", "USD", "en")).toBe("-$1.01");
    expect(formatMoney("-0.001", "EUR", "ru")).toBe(`0,00${NB}€`);
    expect(formatMoney("1500", "JPY", "en")).toBe("¥1,500");
    expect(formatMoney("9.999", "KZT", "ru")).toBe(`10,00${NB}₸`);
  });

  it("leaves non-numeric amounts readable instead of printing NaN", () => {
    expect(formatMoney("abc", "USD", "en")).toBe("abc USD");
  });

  it("formats numbers per language", () => {
    expect(formatNumber(1234567.5, "ru")).toBe(`1${NB}234${NB}567,5`);
    expect(formatNumber(1234567.5, "kk")).toBe(`1${NB}234${NB}567,5`);
    expect(formatNumber(1234567.5, "sr")).toBe("1.234.567,5");
    expect(formatNumber(1234567.5, "en")).toBe("1,234,567.5");
    expect(formatNumber("0.1", "en")).toBe("0.1");
    expect(formatNumber(2 / 3, "ru")).toBe("0,667");
    expect(formatNumber(10_000, "ru")).toBe(`10${NB}000`);
    expect(formatNumber(1e21, "en")).toBe("1,000,000,000,000,000,000,000");
    expect(formatNumber("12.5", "ru", { minimumFractionDigits: 2 })).toBe("12,50");
  });
});

describe("dates in the app's own locale data", () => {
  const instant = "2026-11-30T23:30:00Z";
  it("formats dates and times in the given time zone", () => {
    expect(formatDate("2025-03-01T23:30:00Z", "en", { timeZone: "UTC" })).toBe("Mar 1, 2025");
    expect(formatDate("2025-03-01T23:30:00Z", "en", { timeZone: "Asia/Almaty" })).toBe("Mar 2, 2025");
    expect(formatDate("not a date", "en")).toBe("");
    expect(formatDate(instant, "ru", { timeZone: "Europe/Moscow" })).toBe("01.12.2026");
    expect(formatDate(instant, "kk", { timeZone: "UTC" })).toBe("30.11.2026");
    expect(formatDate(instant, "sr", { timeZone: "Europe/Belgrade" })).toBe("01.12.2026");
    expect(formatDateTime(instant, "ru", { timeZone: "Europe/Moscow" })).toBe("01.12.2026 02:30");
    expect(formatDateTime(instant, "kk", { timeZone: "Asia/Almaty" })).toBe("01.12.2026 04:30");
    expect(formatDateTime(instant, "en", { timeZone: "America/New_York" })).toBe(
      "Nov 30, 2026, 6:30\u202fPM",
    );
    expect(formatTime("2026-12-07T07:30:00Z", "ru", { timeZone: "Europe/Moscow" })).toBe("10:30");
    expect(formatTime("2026-12-07T07:30:00Z", "en", { timeZone: "Europe/Moscow" })).toBe("10:30\u202fAM");
  });

  it("shows calendar days (YYYY-MM-DD) as that day in every zone", () => {
    expect(formatDate("1985-03-12", "ru", { timeZone: "America/Los_Angeles" })).toBe("12.03.1985");
    expect(formatDate("1985-03-12", "en", { timeZone: "Asia/Kamchatka" })).toBe("Mar 12, 1985");
  });

  it("names months and weekdays in each language", () => {
    const day = "2026-12-03";
    expect(formatMonthYear(day, "en")).toBe("December 2026");
    expect(formatMonthYear(day, "ru")).toBe("декабрь 2026");
    expect(formatMonthYear(day, "kk")).toBe("желтоқсан 2026");
    expect(formatMonthYear(day, "sr")).toBe("децембар 2026");
    expect(formatFullDate(day, "en")).toBe("Thursday, December 3, 2026");
    expect(formatFullDate(day, "ru")).toBe("четверг, 3 декабря 2026");
    expect(formatFullDate(day, "kk")).toBe("бейсенбі, 3 желтоқсан 2026");
    expect(formatFullDate(day, "sr")).toBe("четвртак, 3. децембар 2026.");
    expect(formatWeekdayDay(day, "en")).toBe("Thu, Dec 3");
    expect(formatWeekdayDay(day, "ru")).toBe("чт, 3 дек.");
    expect(formatWeekdayDay(day, "kk")).toBe("бс, 3 жел.");
    expect(formatWeekdayDay(day, "sr")).toBe("чет, 3 дец");
    expect(formatWeekdayShort("2026-11-30", "kk")).toBe("дс");
  });

  it("writes Serbian Latin (sr-Latn) dates in Latin letters, numbers and money as Serbian", () => {
    const day = "2026-12-03";
    expect(formatMonthYear(day, "sr-Latn")).toBe("decembar 2026");
    expect(formatFullDate(day, "sr-Latn")).toBe("četvrtak, 3. decembar 2026.");
    expect(formatWeekdayDay(day, "sr-Latn")).toBe("čet, 3 dec");
    expect(formatDate(day, "sr-Latn")).toBe(formatDate(day, "sr"));
    expect(formatMoney("1234.5", "RSD", "sr-Latn")).toBe(`1.234,50${NB}din.`);
    expect(formatMoney("1234.5", "RSD", "sr")).toBe(`1.234,50${NB}дин.`);
    expect(datesSettings("sr-Latn")).toEqual({ locale: "sr", firstDayOfWeek: 1 });
    expect(datesSettings("sr")).toEqual({ locale: "sr-cyrl", firstDayOfWeek: 1 });
    expect(dayjs("2026-12-03").locale(datesSettings("sr-Latn").locale).format("MMMM dddd")).toBe(
      "Decembar Četvrtak",
    );
  });
});

describe("wall time in a named zone", () => {
  it("converts both ways, across daylight-saving changes", () => {
    expect(
      instantOf({ year: 2026, month: 12, day: 7, hour: 10, minute: 30 }, "Europe/Moscow").toISOString(),
    ).toBe("2026-12-07T07:30:00.000Z");
    expect(
      instantOf({ year: 2026, month: 12, day: 7, hour: 10, minute: 30 }, "Asia/Almaty").toISOString(),
    ).toBe("2026-12-07T05:30:00.000Z");
    expect(
      instantOf({ year: 2026, month: 7, day: 1, hour: 10, minute: 30 }, "Europe/Belgrade").toISOString(),
    ).toBe("2026-07-01T08:30:00.000Z");
    expect(
      instantOf({ year: 2026, month: 1, day: 1, hour: 10, minute: 30 }, "Europe/Belgrade").toISOString(),
    ).toBe("2026-01-01T09:30:00.000Z");
    // 02:30 does not exist on 29 March 2026 in Belgrade: it is taken as 03:30.
    expect(
      instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "Europe/Belgrade").toISOString(),
    ).toBe("2026-03-29T01:30:00.000Z");
    expect(wallTime(new Date("2026-12-07T05:30:00Z"), "Asia/Almaty")).toMatchObject({ hour: 10, minute: 30 });
  });
});
