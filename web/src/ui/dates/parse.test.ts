import { describe, expect, it } from "vitest";
import { parseTypedDate, parseTypedTime, typedDate } from "./parse";

const today = new Date(2026, 11, 6);

describe("dates typed in the user's language", () => {
  it.each(["ru", "kk", "sr"])("%s: day first, with . / or - between, two-digit years", (language) => {
    expect(parseTypedDate("12.03.1985", language)).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate("12/03/1985", language)).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate("12-03-1985", language)).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate("1.3.1985", language)).toEqual({ value: "1985-03-01" });
    expect(parseTypedDate("12031985", language)).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate("12.03.85", language, { today, past: true })).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate("12.03.26", language, { today, past: true })).toEqual({ value: "2026-03-12" });
    expect(parseTypedDate("12.12.26", language, { today, past: true })).toEqual({ value: "1926-12-12" });
    expect(parseTypedDate("12.03.27", language, { today })).toEqual({ value: "2027-03-12" });
    expect(parseTypedDate("12.03.85", language, { today })).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate("1985-03-12", language)).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate(" 12.03.1985 ", language)).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate("", language)).toEqual({ value: null });
  });

  it.each(["sr", "sr-Latn"])(
    "%s: the Serbian way, with spaces after the dots and a dot after the year",
    (language) => {
      expect(parseTypedDate("12. 3. 1985.", language)).toEqual({ value: "1985-03-12" });
      expect(parseTypedDate("12.3.1985.", language)).toEqual({ value: "1985-03-12" });
      expect(parseTypedDate("8. 12. 2026.", language)).toEqual({ value: "2026-12-08" });
      expect(parseTypedDate("12. 3. 1985..", language)).toEqual({ error: "invalid" });
    },
  );

  it("refuses what is not a real date or only fits the other order", () => {
    expect(parseTypedDate("31.02.2026", "ru")).toEqual({ error: "invalid" });
    expect(parseTypedDate("03.13.1985", "ru")).toEqual({ error: "ambiguous" });
    expect(parseTypedDate("13/03/1985", "en")).toEqual({ error: "ambiguous" });
    expect(parseTypedDate("12.03.198", "ru")).toEqual({ error: "invalid" });
    expect(parseTypedDate("12 марта", "ru")).toEqual({ error: "invalid" });
    expect(parseTypedDate("00.03.1985", "kk")).toEqual({ error: "invalid" });
  });

  it("en: month first, as English dates are written", () => {
    expect(parseTypedDate("03/12/1985", "en")).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate("3-12-85", "en", { today, past: true })).toEqual({ value: "1985-03-12" });
    expect(parseTypedDate("1985-03-12", "en")).toEqual({ value: "1985-03-12" });
  });

  it("shows a value the way it is typed", () => {
    expect(typedDate("1985-03-12", "ru")).toBe("12.03.1985");
    expect(typedDate("1985-03-12", "en")).toBe("03/12/1985");
    expect(typedDate(null, "en")).toBe("");
  });
});

describe("times typed", () => {
  it.each([
    ["10:30", 10, 30],
    ["10.30", 10, 30],
    ["1030", 10, 30],
    ["9", 9, 0],
    ["9:05", 9, 5],
    ["10:30 pm", 22, 30],
    ["12 am", 0, 0],
    ["23:59", 23, 59],
  ])("%s", (text, hour, minute) => {
    expect(parseTypedTime(text)).toEqual({ value: { hour, minute } });
  });

  it("refuses impossible times", () => {
    for (const text of ["24:00", "10:60", "13 pm", "abc", "10:3"])
      expect(parseTypedTime(text)).toEqual({ error: "invalid" });
  });
});
