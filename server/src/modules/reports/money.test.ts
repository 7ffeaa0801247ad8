import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

type H = Record<string, string>;
interface Result {
  rows: Record<string, string | number | null>[];
  notices: { code: string; params?: Record<string, string> }[];
}

/**
 * Report money in the workspace currency (RUB): every amount at the rate of its record's day in the report's date
 * dimension (a deal by close month: its close day), without a date dimension at today's (the latest) rate; a
 * currency without a rate is named and left out. Deals' amounts and products' prices (their own currency field).
 */
describe("report builder money in the workspace currency", () => {
  const t = useTestContext();
  let admin: H;
  let alice: string;
  let bob: string;

  const run = async (definition: object): Promise<Result> => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/reports/run",
      headers: admin,
      payload: { definition },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const put = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: "PUT", url, headers: admin, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  const missing = { code: "missing_rates", params: { currencies: "KZT", currency: "RUB" } };

  beforeAll(async () => {
    const adminUser = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, adminUser.id);
    alice = (await createUser(t.db, { roleKey: "sales_manager", name: "Alice" })).id;
    bob = (await createUser(t.db, { roleKey: "sales_manager", name: "Bob" })).id;
    await put("/api/v1/settings/default-currency", { currency: "RUB" });
    // USD: 90 from January, 100 from 15 February; KZT has none.
    await put("/api/v1/exchange-rates/USD/2026-01-01", { rate: "90" });
    await put("/api/v1/exchange-rates/USD/2026-02-15", { rate: "100" });
    const stage = await t.db
      .selectFrom("pipeline_stages as s")
      .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
      .select(["s.id", "s.pipeline_id"])
      .where("p.is_default", "=", true)
      .where("s.kind", "=", "won")
      .executeTakeFirstOrThrow();
    const deal = (owner: string, amount: string, currency: string, closed: string) => ({
      title: `Deal ${amount} ${currency}`,
      pipeline_id: stage.pipeline_id,
      stage_id: stage.id,
      probability: 100,
      owner_id: owner,
      amount,
      currency,
      closed_at: new Date(`${closed}T10:00:00Z`),
      custom: "{}",
    });
    await t.db
      .insertInto("deals")
      .values([
        deal(alice, "100.00", "RUB", "2026-01-05"),
        deal(alice, "10.00", "USD", "2026-01-10"), // 900 RUB at 90
        deal(bob, "10.00", "USD", "2026-02-20"), // 1 000 RUB at 100
        deal(bob, "500.00", "KZT", "2026-02-21"), // no rate
      ])
      .execute();
    for (const [sku, amount, currency] of [
      ["A", "100.00", "RUB"],
      ["B", "1.50", "USD"],
      ["C", "10.00", "KZT"],
    ] as const) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/products",
        headers: admin,
        payload: { sku, name: sku, price: { amount, currency } },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it("converts each deal at its close day when grouped by close month", async () => {
    const r = await run({
      entity: "deals",
      groupBy: [{ field: "closedAt", bucket: "month" }],
      measures: [{ fn: "sum", field: "amount" }, { fn: "count" }],
      chart: "bar",
    });
    expect(r.rows.map((row) => [row.d0, row.m0, row.m1, row.currency])).toEqual([
      ["2026-01", "1000.00", 2, "RUB"],
      ["2026-02", "1000.00", 2, "RUB"],
    ]);
    expect(r.notices).toContainEqual(missing);
  });

  it("converts at today's rate without a date dimension; averages, minimum and maximum too", async () => {
    const r = await run({
      entity: "deals",
      groupBy: [{ field: "ownerId" }],
      measures: [
        { fn: "sum", field: "amount" },
        { fn: "avg", field: "amount" },
        { fn: "max", field: "amount" },
      ],
      chart: "table",
    });
    const by = (id: string) => r.rows.find((row) => row.d0 === id);
    // Alice: 100 RUB + 10 USD × 100; Bob: 10 USD × 100 (his KZT is left out and named).
    expect(by(alice)).toMatchObject({ m0: "1100.00", m1: "550.00", m2: "1000.00", currency: "RUB" });
    expect(by(bob)).toMatchObject({ m0: "1000.00", m1: "1000.00", m2: "1000.00" });
    expect(r.notices).toContainEqual(missing);
  });

  it("converts product prices by their own currency field", async () => {
    const r = await run({
      entity: "products",
      measures: [{ fn: "sum", field: "price" }],
      chart: "number",
    });
    expect(r.rows).toEqual([expect.objectContaining({ m0: "250.00", currency: "RUB" })]);
    expect(r.notices).toContainEqual(missing);
    await put("/api/v1/exchange-rates/KZT/2026-01-01", { rate: "0.2" });
    const after = await run({
      entity: "products",
      measures: [{ fn: "sum", field: "price" }],
      chart: "number",
    });
    expect(after.rows[0]).toMatchObject({ m0: "252.00" });
    expect(after.notices.map((n) => n.code)).not.toContain("missing_rates");
  });
});
