import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertCompany } from "../activities/test-records.js";

type Row = Record<string, string | number | null>;
interface Result {
  rows: Row[];
  notices: { code: string; params?: Record<string, string> }[];
}

/**
 * Money figures in the workspace currency (RUB here): every won deal converted at the rate of its close day, an
 * open deal at its expected month's, a target at its month's; a currency without a rate is named and left out
 * (as the board's total does), and setting its rate recomputes the cached answers.
 */
describe("analytics money in the workspace currency", () => {
  const t = useTestContext();
  const h: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};
  const MARCH = "from=2026-03-01&to=2026-03-31";

  const call = async (who: string, method: "GET" | "POST" | "PUT", url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: h[who], ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const widget = (who: string, path: string): Promise<Result> =>
    call(who, "GET", `/api/v1/analytics/${path}${path.includes("?") ? "&" : "?"}${MARCH}`);

  /** A deal of Anna's won on `day` (noon UTC: the same day in every zone the test users have). */
  const won = async (amount: string, currency: string, day: string) => {
    const companyId = await insertCompany(t.db, ids.anna as string);
    const deal = await call("anna", "POST", "/api/v1/deals", {
      title: `${amount} ${currency}`,
      companyId,
      amount,
      currency,
      source: "Website",
    });
    await call("anna", "POST", `/api/v1/deals/${deal.id}/move`, { stageId: ids.won });
    await sql`update deals set closed_at = ${`${day}T12:00:00Z`}::timestamptz where id = ${deal.id}`.execute(
      t.db,
    );
  };

  beforeAll(async () => {
    const north = await createTeam(t.db, "North");
    for (const [k, u] of Object.entries({
      admin: await createUser(t.db, { roleKey: "admin", name: "Admin" }),
      anna: await createUser(t.db, { roleKey: "sales_manager", teamId: north.id, name: "Anna" }),
    })) {
      ids[k] = u.id;
      h[k] = await tokenHeaders(t.db, u.id);
    }
    const pipelines = await call("admin", "GET", "/api/v1/pipelines");
    const p = pipelines.items.find((x: { isDefault: boolean }) => x.isDefault);
    ids.won = p.stages.find((s: { kind: string }) => s.kind === "won").id;
    await call("admin", "PUT", "/api/v1/settings/default-currency", { currency: "RUB" });
    // USD: 90 from January, 100 from 15 March; KZT has no rate.
    await call("admin", "PUT", "/api/v1/exchange-rates/USD/2026-01-01", { rate: "90" });
    await call("admin", "PUT", "/api/v1/exchange-rates/USD/2026-03-15", { rate: "100" });
    await won("100.00", "USD", "2026-03-10"); // 9 000 RUB at 90
    await won("10.00", "USD", "2026-03-20"); // 1 000 RUB at 100
    await won("500.00", "RUB", "2026-03-12");
    await won("1000.00", "KZT", "2026-03-14"); // no rate: named, left out
    // Plan: 50 USD for March, at the rate of 1 March (90) = 4 500 RUB.
    await call("admin", "POST", "/api/v1/analytics/targets", {
      userId: ids.anna,
      month: "2026-03",
      amount: { amount: "50", currency: "USD" },
    });
    await t.relay.drain("analytics.data-version");
  });

  const missing = { code: "missing_rates", params: { currencies: "KZT", currency: "RUB" } };

  it("converts won revenue and revenue by source at each deal's close-day rate and names KZT", async () => {
    for (const path of ["sales/won-revenue", "channels/revenue"]) {
      const r = await widget("admin", path);
      const by = (c: string) => r.rows.find((row) => row.currency === c);
      expect(by("USD"), path).toMatchObject({
        amount: "110.00",
        converted: "10000.00",
        workspaceCurrency: "RUB",
      });
      expect(by("RUB"), path).toMatchObject({ amount: "500.00", converted: "500.00" });
      expect(by("KZT"), path).toMatchObject({ amount: "1000.00", converted: null });
      expect(r.notices, path).toContainEqual(missing);
    }
    const perf = await widget("admin", "team-performance");
    expect(
      perf.rows.find((row) => row.user === ids.anna && row.revenueConverted !== undefined),
    ).toMatchObject({
      revenueConverted: "10500.00",
      workspaceCurrency: "RUB",
    });
    expect(perf.notices).toContainEqual(missing);
  });

  it("gives the average deal size over every currency in the workspace currency, then per currency", async () => {
    const r = await widget("admin", "sales/deal-size");
    // 9 000, 1 000 and 500 RUB have rates: average 3 500, median 1 000; KZT's deal counts only in its own row.
    expect(r.rows[0]).toMatchObject({
      currency: null,
      won: 4,
      average: null,
      averageConverted: "3500.00",
      medianConverted: "1000.00",
    });
    expect(r.rows.find((row) => row.currency === "USD")).toMatchObject({
      won: 2,
      average: "55.00",
      averageConverted: "5000.00",
    });
    expect(r.rows.find((row) => row.currency === "KZT")).toMatchObject({ averageConverted: null });
    expect(r.notices).toContainEqual(missing);
  });

  it("compares the plan with the fact over every currency, both in the workspace currency", async () => {
    const r = await widget("anna", "sales/plan-fact");
    expect(r.rows).toEqual([
      expect.objectContaining({
        month: "2026-03",
        currency: "USD",
        target: "50.00",
        fact: "110.00",
        targetConverted: "4500.00",
        factConverted: "10500.00",
        progress: 233.3,
      }),
    ]);
    expect(r.notices).toEqual([missing]);
  });

  it("converts the forecast at the latest rate and recomputes cached answers when a rate is set", async () => {
    const next = new Date();
    next.setUTCMonth(next.getUTCMonth() + 1, 15);
    const companyId = await insertCompany(t.db, ids.anna as string);
    await call("anna", "POST", "/api/v1/deals", {
      title: "Open",
      companyId,
      amount: "200.00",
      currency: "USD",
      expectedCloseDate: next.toISOString().slice(0, 10),
    });
    await t.relay.drain("analytics.data-version");
    const forecast = await call("admin", "GET", "/api/v1/analytics/sales/forecast");
    const usd = forecast.rows.find((row: Row) => row.currency === "USD");
    expect(usd).toMatchObject({ amount: "200.00", amountConverted: "20000.00" });
    expect(usd.weightedConverted).toBe((Number(usd.weighted) * 100).toFixed(2));

    const before = await widget("admin", "sales/won-revenue");
    expect((await widget("admin", "sales/won-revenue")).rows).toEqual(before.rows); // served from the cache
    await call("admin", "PUT", "/api/v1/exchange-rates/KZT/2026-03-01", { rate: "0.2" });
    const after = await widget("admin", "sales/won-revenue");
    expect(after.rows.find((row) => row.currency === "KZT")).toMatchObject({ converted: "200.00" });
    expect(after.notices.map((n) => n.code)).not.toContain("missing_rates");
  });
});
