import { describe, expect, it } from "vitest";
import { parseDateList } from "./importList";

describe("parseDateList", () => {
  it("reads ISO and typed dates, kinds (default holiday) and names; reports bad lines", () => {
    const text = "2027-01-01; New Year\n07.01.2027; holiday; Рождество\n\n09.01.2027; рабочий\nnot a date";
    const parsed = parseDateList(text, "ru", { рабочий: "workday" });
    expect(parsed.dates).toEqual([
      { day: "2027-01-01", kind: "holiday", name: "New Year", start: null, end: null },
      { day: "2027-01-07", kind: "holiday", name: "Рождество", start: null, end: null },
      { day: "2027-01-09", kind: "workday", name: null, start: null, end: null },
    ]);
    expect(parsed.badLines).toEqual([5]);
  });
});
