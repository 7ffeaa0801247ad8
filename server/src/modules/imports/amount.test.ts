import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { parseAmount } from "./amount.js";
import { runImport } from "./job.js";
import { createCompany, dryRun, upload } from "./test-helpers.js";

describe("parseAmount", () => {
  const signed = { allowNegative: true };
  const unsigned = { allowNegative: false };

  it.each([
    ["1234.56", "1234.56"],
    ["1234,5", "1234.5"],
    ["1,234.56", "1234.56"],
    ["1 234,56", "1234.56"],
    ["1\u00a0234,56", "1234.56"],
    ["1\u202f234.56", "1234.56"],
    ["1.234,56", "1234.56"],
    ["1'234.56", "1234.56"],
    ["1,234,567.8", "1234567.8"],
    ["1.234.567", "1234567"],
    ["1 234 567", "1234567"],
    ["12 500,75", "12500.75"],
    ["0,5", "0.5"],
    ["007", "7"],
    ["9999999999999.99", "9999999999999.99"],
  ])("reads %s as %s", (raw, value) => {
    expect(parseAmount(raw, unsigned)).toEqual({ ok: true, value });
  });

  it("accepts negatives only where the API does", () => {
    expect(parseAmount("-1 234,56", signed)).toEqual({ ok: true, value: "-1234.56" });
    expect(parseAmount("\u22121,234.56", signed)).toEqual({ ok: true, value: "-1234.56" });
    expect(parseAmount("-0", signed)).toEqual({ ok: true, value: "0" });
    expect(parseAmount("-5", unsigned)).toEqual({ ok: false, reason: "The amount cannot be negative." });
  });

  it.each([
    ["1,234", /Ambiguous/],
    ["1.234", /Ambiguous/],
    ["10.555", /Ambiguous/],
    ["1.2345", /at most 2 digits/],
    ["1 234.567", /at most 2 digits/],
    ["1,23,456", /groups of three/],
    ["12,34.5", /groups of three/],
    ["1.234,567.89", /groups of three|mixes separators/],
    ["1,234.567,89", /mixes separators|separator after/],
    ["1.234 567", /separator after the decimal mark/],
    ["1,234 567", /separator after the decimal mark/],
    ["12e3", /Not an amount/],
    ["abc", /Not an amount/],
    ["1.", /Not an amount/],
    ["", /Not an amount/],
    ["$10", /Not an amount/],
    ["12345678901234", /too large/],
  ])("refuses %s", (raw, reason) => {
    const r = parseAmount(raw, signed);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

/** Custom money values and deal amounts go through the same rules as the API, through the real routes. */
describe("importing amounts", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/custom-fields",
      headers: admin,
      payload: { entity: "deals", key: "margin", label: "Margin", type: "money" },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it("imports negative custom money, refuses negative deal amounts and ambiguous separators", async () => {
    await createCompany(t.app, admin, "Amounts Ltd");
    const csv = [
      "Title;Amount;Currency;Margin;Company",
      "Alpha;1.234,56;RUB;-1 234,50;Amounts Ltd",
      "Beta;1,234.56;RUB;-12;Amounts Ltd",
      "Gamma;-100;RUB;5;Amounts Ltd",
      "Delta;1,234;RUB;5;Amounts Ltd",
      "Epsilon;10;RUB;1.234;Amounts Ltd",
    ].join("\n");
    const imp = (await upload(t.app, admin, "deals", csv)).json();
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/v1/imports/${imp.id}/mapping`,
      headers: admin,
      payload: {
        mapping: { "0": "title", "1": "amount", "2": "currency", "3": "custom.margin", "4": "company" },
        options: { skipInvalidRows: true },
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const dry = (await dryRun(t, admin, imp.id)).json();
    expect(dry.dryRun).toMatchObject({ total: 5, valid: 2, invalid: 3 });
    const report = (
      await t.app.inject({ method: "GET", url: `/api/v1/imports/${imp.id}/errors.csv`, headers: admin })
    ).body;
    expect(report).toContain("4,Amount,'-100,The amount cannot be negative.");
    expect(report).toMatch(/5,Amount,"1,234",.*Ambiguous/);
    expect(report).toMatch(/6,Margin,1\.234,.*Ambiguous/);

    expect(
      (await t.app.inject({ method: "POST", url: `/api/v1/imports/${imp.id}/run`, headers: admin }))
        .statusCode,
    ).toBe(202);
    await runImport(t.db, imp.id);
    const deals = await t.db
      .selectFrom("deals")
      .select(["title", "amount", sql<string>`custom->>'margin'`.as("margin")])
      .where("title", "in", ["Alpha", "Beta"])
      .orderBy("title")
      .execute();
    expect(deals).toEqual([
      { title: "Alpha", amount: "1234.56", margin: "-1234.50" },
      { title: "Beta", amount: "1234.56", margin: "-12" },
    ]);
  });
});
