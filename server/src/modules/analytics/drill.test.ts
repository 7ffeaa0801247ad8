import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertCompany } from "../activities/test-records.js";

type Row = Record<string, string | number | null>;
interface Result {
  rows: Row[];
  drillDown?: ({ entity: string; filter: object } | null)[];
}

/**
 * Drill-down from built-in widgets: each row's filter, run through the entity's list as the same viewer,
 * returns exactly the records the row counts — won revenue per month and currency, win rate per person, lost
 * reasons, leads by source — also with a team filter and for a manager whose scope is their own records.
 */
describe("analytics drill-down", () => {
  const t = useTestContext();
  const h: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};
  let stages: { id: string; name: string }[];
  const stage = (name: string) => stages.find((s) => s.name === name)?.id as string;

  const widget = async (who: string, url: string): Promise<Result> => {
    await t.relay.drain("analytics.data-version");
    const res = await t.app.inject({ method: "GET", url, headers: h[who] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const listCount = async (who: string, entity: string, filter: object) => {
    const url = `/api/v1/${entity}?limit=200&filter=${encodeURIComponent(JSON.stringify(filter))}`;
    const res = await t.app.inject({ method: "GET", url, headers: h[who] });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as unknown[]).length;
  };
  const deal = async (who: string, values: object, to?: string, lostReason?: string) => {
    const company = await insertCompany(t.db, ids[who] as string);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: h[who],
      payload: { title: "Deal", companyId: company, ...values },
    });
    expect(res.statusCode, res.body).toBe(201);
    if (to) {
      const moved = await t.app.inject({
        method: "POST",
        url: `/api/v1/deals/${res.json().id}/move`,
        headers: h[who],
        payload: { stageId: stage(to), ...(lostReason ? { lostReason } : {}) },
      });
      expect(moved.statusCode, moved.body).toBe(200);
    }
  };

  beforeAll(async () => {
    const north = await createTeam(t.db, "Drill North");
    const south = await createTeam(t.db, "Drill South");
    ids.north = north.id;
    const people = {
      admin: await createUser(t.db, { roleKey: "admin" }),
      anna: await createUser(t.db, { roleKey: "sales_manager", teamId: north.id }),
      boris: await createUser(t.db, { roleKey: "sales_manager", teamId: south.id }),
    };
    for (const [k, u] of Object.entries(people)) {
      ids[k] = u.id;
      h[k] = await tokenHeaders(t.db, u.id);
    }
    const list = await t.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: h.admin });
    stages = list.json().items.find((x: { isDefault: boolean }) => x.isDefault).stages;
    await deal("anna", { amount: "100.00", currency: "RUB", source: "Website" }, "Won");
    await deal("anna", { amount: "50.00", currency: "USD", source: "Website" }, "Won");
    await deal("anna", { amount: "70.00", currency: "RUB" }, "Lost", "Price");
    await deal("boris", { amount: "300.00", currency: "RUB", source: "Referral" }, "Won");
    await deal("boris", { amount: "10.00", currency: "RUB" }, "Lost", "Price");
  });

  const check = async (who: string, url: string, counted: string) => {
    const result = await widget(who, url);
    expect(result.drillDown).toHaveLength(result.rows.length);
    expect(result.rows.length).toBeGreaterThan(0);
    for (const [i, row] of result.rows.entries()) {
      const d = result.drillDown?.[i];
      expect(d, JSON.stringify(row)).toBeTruthy();
      if (d) expect(await listCount(who, d.entity, d.filter), JSON.stringify(row)).toBe(row[counted]);
    }
  };

  it("selects exactly the records each row counts", async () => {
    await check("admin", "/api/v1/analytics/sales/won-revenue", "won");
    const rate = await widget("admin", "/api/v1/analytics/sales/win-rate");
    for (const [i, row] of rate.rows.entries()) {
      const d = rate.drillDown?.[i];
      expect(d).toBeTruthy();
      if (d) expect(await listCount("admin", d.entity, d.filter)).toBe(Number(row.won) + Number(row.lost));
    }
    await check("admin", "/api/v1/analytics/sales/lost-reasons", "count");
    await check("admin", "/api/v1/analytics/channels/revenue", "won");
    await check("admin", `/api/v1/analytics/sales/won-revenue?teamId=${ids.north}`, "won");
    await check("anna", "/api/v1/analytics/sales/won-revenue", "won");
  });
});
