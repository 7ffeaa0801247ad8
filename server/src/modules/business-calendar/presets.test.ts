import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { orthodoxEaster, type PresetCountry, presetHolidays } from "./presets.js";

const days = (country: PresetCountry, year: number) => presetHolidays(country, year).map((h) => h.day);
const carried = (country: PresetCountry, year: number) =>
  presetHolidays(country, year)
    .filter((h) => h.carriedFrom)
    .map((h) => [h.carriedFrom, h.day]);

describe("holiday presets by rule", () => {
  it("computes Orthodox Easter", () => {
    expect(["2021", "2024", "2025", "2026", "2027", "2028"].map((y) => orthodoxEaster(Number(y)))).toEqual([
      "2021-05-02",
      "2024-05-05",
      "2025-04-20",
      "2026-04-12",
      "2027-05-02",
      "2028-04-16",
    ]);
  });

  it("Russia: 1–8 January without carry-over (a decree moves those), other holidays carried from a weekend", () => {
    const d2027 = days("RU", 2027);
    expect(d2027.slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((d) => `2027-01-0${d}`));
    expect(d2027).toEqual(expect.arrayContaining(["2027-02-23", "2027-03-08", "2027-06-12", "2027-11-04"]));
    // 1 May and 12 June on Saturdays, 9 May on a Sunday → the Mondays after.
    expect(carried("RU", 2027)).toEqual([
      ["2027-05-01", "2027-05-03"],
      ["2027-05-09", "2027-05-10"],
      ["2027-06-12", "2027-06-14"],
    ]);
    // 2026: 8 March on Sunday → 9 March; 9 May on Saturday → 11 May (as the 2026 decree has them).
    expect(carried("RU", 2026)).toEqual([
      ["2026-03-08", "2026-03-09"],
      ["2026-05-09", "2026-05-11"],
    ]);
    expect(presetHolidays("RU", 2027)).toHaveLength(17);
  });

  it("Kazakhstan: Nauryz 21–23 March, carry-overs past each other and past holidays, none for Christmas", () => {
    expect(days("KZ", 2027)).toEqual(expect.arrayContaining(["2027-03-21", "2027-03-22", "2027-03-23"]));
    // 2026: 8 March on Sunday; Nauryz Saturday–Monday → its weekend days move to Tuesday and Wednesday.
    expect(carried("KZ", 2026).slice(0, 3)).toEqual([
      ["2026-03-08", "2026-03-09"],
      ["2026-03-21", "2026-03-24"],
      ["2026-03-22", "2026-03-25"],
    ]);
    // 2023: 1 January on Sunday → 3 January (the 2nd is a holiday itself); 7 May, 16 December → Monday.
    expect(carried("KZ", 2023)).toEqual([
      ["2023-01-01", "2023-01-03"],
      ["2023-05-07", "2023-05-08"],
      ["2023-12-16", "2023-12-18"],
    ]);
    // Orthodox Christmas on a Sunday (2029) is religious: not carried over.
    expect(carried("KZ", 2029).map(([from]) => from)).not.toContain("2029-01-07");
  });

  it("Serbia: Good Friday to Easter Monday; a state holiday on a Sunday makes the next working day off", () => {
    const y2027 = presetHolidays("RS", 2027);
    expect(y2027.filter((h) => ["goodFriday", "easterMonday"].includes(h.key)).map((h) => h.day)).toEqual([
      "2027-04-30",
      "2027-05-03",
    ]);
    // 2 May 2027 (Labour Day) is a Sunday and Easter; 3 May is Easter Monday → 4 May is off.
    expect(carried("RS", 2027)).toEqual([["2027-05-02", "2027-05-04"]]);
    expect(new Set(y2027.map((h) => h.day)).size).toBe(y2027.length); // one entry a day
    expect(carried("RS", 2022)).toEqual([
      ["2022-01-02", "2022-01-03"],
      ["2022-05-01", "2022-05-03"],
    ]);
    // A Saturday holiday is not carried in Serbia (11 November 2028 is a Saturday).
    expect(carried("RS", 2028)).toEqual([["2028-01-02", "2028-01-03"]]);
  });
});

describe("holiday presets API", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    manager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
  });

  it("answers an administrator with the year's holidays and what is left to add by hand", async () => {
    const get = (url: string, headers = admin) => t.app.inject({ method: "GET", url, headers });
    const res = await get("/api/v1/business-calendar/presets/KZ?year=2027");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ country: "KZ", year: 2027, manual: ["decreeTransfers", "kurbanAit"] });
    expect(res.json().holidays).toContainEqual({
      day: "2027-03-24",
      key: "nauryz",
      carriedFrom: "2027-03-21",
    });
    expect((await get("/api/v1/business-calendar/presets/RU?year=2027", manager)).statusCode).toBe(403);
    for (const bad of ["US?year=2027", "RU?year=1800", "RU", "RU?year=2027&x=1"]) {
      const r = await get(`/api/v1/business-calendar/presets/${bad}`);
      expect(r.statusCode, bad).toBe(422);
      expect(r.headers["content-type"]).toContain("application/problem+json");
    }
  });
});
