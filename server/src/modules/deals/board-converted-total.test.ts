import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { type EntityFactory, entityFactory } from "../../test/entity-factories.js";
import { useTestContext } from "../../test/harness.js";
import "../companies/test-factory.js";

interface Converted {
  currency: string;
  amount: string;
  missingRates: string[];
}
interface BoardAnswer {
  ratesOn: string;
  total: { count: number; sums?: { currency: string; amount: string }[]; converted?: Converted };
  stages: { stageId: string; count: number; converted?: Converted }[];
}

describe("board totals in the workspace currency", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let seller: Record<string, string>;
  let other: Record<string, string>;
  let support: Record<string, string>;
  let pipelineId: string;
  let first: string;
  let second: string;

  beforeAll(async () => {
    const s = await createUser(t.db, { roleKey: "sales_manager" });
    const o = await createUser(t.db, { roleKey: "sales_manager" });
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    seller = await tokenHeaders(t.db, s.id);
    other = await tokenHeaders(t.db, o.id);
    support = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "support_agent" })).id);
    const set = (url: string, payload: object) =>
      t.app.inject({ method: "PUT", url: `/api/v1/${url}`, headers: admin, payload });
    expect((await set("settings/default-currency", { currency: "RUB" })).statusCode).toBe(200);
    expect((await set("exchange-rates/USD/2026-01-01", { rate: "90.5" })).statusCode).toBe(200);
    expect((await set("exchange-rates/USD/2026-06-01", { rate: "92.25" })).statusCode).toBe(200);
    expect((await set("exchange-rates/EUR/2026-01-01", { rate: "100.123456" })).statusCode).toBe(200);
    const p = await t.app.inject({
      method: "POST",
      url: "/api/v1/pipelines",
      headers: admin,
      payload: { name: "Currencies" },
    });
    expect(p.statusCode, p.body).toBe(201);
    pipelineId = p.json().id;
    [first, second] = p.json().stages.map((x: { id: string }) => x.id);
    const companies = entityFactory("companies") as EntityFactory;
    const deal = async (
      headers: Record<string, string>,
      ownerId: string,
      stageId: string,
      amount: string,
      currency: string,
    ) => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/deals",
        headers,
        payload: {
          title: `${amount} ${currency}`,
          amount,
          currency,
          pipelineId,
          stageId,
          companyId: await companies.create(t.db, ownerId),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await deal(seller, s.id, first!, "1000.50", "RUB");
    await deal(seller, s.id, first!, "100.00", "USD");
    await deal(seller, s.id, second!, "10.01", "EUR");
    await deal(seller, s.id, second!, "5000", "KZT");
    await deal(other, o.id, first!, "1000000", "USD");
  });

  const board = async (headers: Record<string, string>, ratesOn?: string): Promise<BoardAnswer> => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/pipelines/${pipelineId}/board${ratesOn ? `?ratesOn=${ratesOn}` : ""}`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it("converts with the latest rate on or before the day and names the currencies without a rate", async () => {
    const march = await board(seller, "2026-03-01");
    expect(march.ratesOn).toBe("2026-03-01");
    // 1000.50 + 100 × 90.5 = 10050.50; 10.01 × 100.123456 = 1002.2357… → 1002.24; KZT has no rate.
    expect(march.stages.find((s) => s.stageId === first)?.converted).toEqual({
      currency: "RUB",
      amount: "10050.50",
      missingRates: [],
    });
    expect(march.stages.find((s) => s.stageId === second)?.converted).toEqual({
      currency: "RUB",
      amount: "1002.24",
      missingRates: ["KZT"],
    });
    expect(march.total).toEqual({
      count: 4,
      sums: [
        { currency: "EUR", amount: "10.01" },
        { currency: "KZT", amount: "5000.00" },
        { currency: "RUB", amount: "1000.50" },
        { currency: "USD", amount: "100.00" },
      ],
      converted: { currency: "RUB", amount: "11052.74", missingRates: ["KZT"] },
    });
    // A later rate applies from its day on; before the first rate the currency has none.
    expect((await board(seller, "2026-06-01")).total.converted?.amount).toBe("11227.74");
    const early = await board(seller, "2025-12-31");
    expect(early.total.converted).toEqual({
      currency: "RUB",
      amount: "1000.50",
      missingRates: ["EUR", "KZT", "USD"],
    });
    // Empty columns answer zero in the workspace currency.
    const empty = early.stages.find((s) => s.count === 0);
    expect(empty?.converted).toEqual({ currency: "RUB", amount: "0.00", missingRates: [] });
  });

  it("respects the caller's scope and hidden amounts", async () => {
    const all = await board(admin, "2026-03-01");
    expect(all.total.count).toBe(5);
    expect(all.total.converted?.amount).toBe("90511052.74");
    const theirs = await board(other, "2026-03-01");
    expect(theirs.total.converted).toEqual({ currency: "RUB", amount: "90500000.00", missingRates: [] });
    const hidden = await board(support, "2026-03-01");
    expect(hidden.total.count).toBe(5);
    expect(hidden.total).not.toHaveProperty("converted");
    expect(hidden.total).not.toHaveProperty("sums");
    expect(hidden.stages[0]).not.toHaveProperty("converted");
  });

  it("refuses a malformed day", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/pipelines/${pipelineId}/board?ratesOn=01.03.2026`,
      headers: seller,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe("querystring.ratesOn");
  });
});
