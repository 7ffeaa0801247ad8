import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertCompany, insertContact } from "../activities/test-records.js";

interface Stage {
  id: string;
  name: string;
}
type Row = Record<string, string | number | null>;

describe("analytics dashboards", () => {
  const t = useTestContext();
  const h: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};
  let stages: Stage[];
  const stage = (name: string) => stages.find((s) => s.name === name)?.id as string;

  const get = (who: string, url: string) => t.app.inject({ method: "GET", url, headers: h[who] });
  const rows = async (who: string, url: string): Promise<Row[]> => {
    const res = await get(who, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().rows;
  };
  const fresh = async () => {
    await t.relay.drain("analytics.data-version");
  };
  const deal = async (who: string, values: object) => {
    const company = await insertCompany(t.db, ids[who] as string);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: h[who],
      payload: { title: "Deal", companyId: company, ...values },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const move = async (who: string, id: string, to: string, lostReason?: string) => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/deals/${id}/move`,
      headers: h[who],
      payload: { stageId: stage(to), ...(lostReason ? { lostReason } : {}) },
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    const north = await createTeam(t.db, "North");
    const south = await createTeam(t.db, "South");
    ids.north = north.id;
    const people = {
      admin: await createUser(t.db, { roleKey: "admin", name: "Admin" }),
      head: await createUser(t.db, { roleKey: "head_of_sales", teamId: north.id, name: "Head North" }),
      anna: await createUser(t.db, { roleKey: "sales_manager", teamId: north.id, name: "Anna" }),
      boris: await createUser(t.db, { roleKey: "sales_manager", teamId: north.id, name: "Boris" }),
      south: await createUser(t.db, { roleKey: "sales_manager", teamId: south.id, name: "Sergei" }),
      support: await createUser(t.db, { roleKey: "support_agent", name: "Support" }),
    };
    for (const [k, u] of Object.entries(people)) {
      ids[k] = u.id;
      h[k] = await tokenHeaders(t.db, u.id);
    }
    const list = await get("admin", "/api/v1/pipelines");
    const p = list.json().items.find((x: { isDefault: boolean }) => x.isDefault);
    ids.pipeline = p.id;
    stages = p.stages;
    // Anna: 3 deals; one skips to Proposal then is won, one reaches Needs analysis then is lost, one stays.
    const a1 = await deal("anna", { amount: "1000.00", currency: "RUB", source: "Website" });
    const a2 = await deal("anna", { amount: "500.00", currency: "RUB", source: "Website" });
    await deal("anna", { amount: "200.00", currency: "RUB", expectedCloseDate: nextMonth() });
    await move("anna", a1, "Proposal");
    await move("anna", a1, "Won");
    await move("anna", a2, "Needs analysis");
    await move("anna", a2, "Lost", "Price");
    // Boris (same team) wins one in USD; Sergei (other team) two deals, one won.
    const b1 = await deal("boris", { amount: "300.00", currency: "USD", source: "Referral" });
    await move("boris", b1, "Won");
    const s1 = await deal("south", { amount: "7000.00", currency: "RUB" });
    await deal("south", { amount: "100.00", currency: "RUB" });
    await move("south", s1, "Won");
    await fresh();
  });

  function nextMonth() {
    const d = new Date();
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 15)).toISOString().slice(0, 10);
  }

  it("draws the funnel from the stage history (a skipped stage still counts as passed)", async () => {
    const funnel = await rows("admin", `/api/v1/analytics/sales/funnel?pipelineId=${ids.pipeline}`);
    expect(funnel.map((r) => [r.stage, r.entered])).toEqual([
      [stage("Qualification"), 6],
      [stage("Needs analysis"), 4],
      [stage("Proposal"), 3],
      [stage("Negotiation"), 3],
      [stage("Won"), 3],
    ]);
    expect(funnel[1]).toMatchObject({ conversion: 66.7, fromPrevious: 66.7 });
    expect(funnel[2]).toMatchObject({ conversion: 50, fromPrevious: 75 });
    const res = await get("admin", "/api/v1/analytics/sales/funnel");
    expect(res.json().labels.stage[stage("Won")]).toBe("Won");
    expect(res.json().chart).toMatchObject({ type: "funnel", x: "stage", y: ["entered"] });
  });

  it("keeps every figure within the viewer's read scope", async () => {
    const entered = async (who: string) => (await rows(who, "/api/v1/analytics/sales/funnel"))[0]?.entered;
    expect(await entered("admin")).toBe(6);
    expect(await entered("head")).toBe(4); // the North team: Anna's 3 and Boris's 1
    expect(await entered("anna")).toBe(3); // own deals only
    expect(await entered("south")).toBe(2);
    // A team or person filter narrows within the scope, never widens it.
    expect((await rows("anna", `/api/v1/analytics/sales/funnel?userId=${ids.boris}`))[0]?.entered).toBe(0);
    expect((await rows("head", `/api/v1/analytics/sales/funnel?teamId=${ids.north}`))[0]?.entered).toBe(4);
    const winRate = await rows("head", "/api/v1/analytics/sales/win-rate");
    expect(winRate.map((r) => r.user).sort()).toEqual([ids.anna, ids.boris].sort());
    expect(winRate.find((r) => r.user === ids.anna)).toMatchObject({ won: 1, lost: 1, winRate: 50 });
    // Anna reads the team's contacts, so her teammates get rows — with only what she may read of theirs.
    const perf = await rows("anna", "/api/v1/analytics/team-performance");
    expect(perf.map((r) => r.user)).not.toContain(ids.south);
    expect(perf.find((r) => r.user === ids.anna)).toMatchObject({ dealsCreated: 3, dealsWon: 1 });
    expect(perf.find((r) => r.user === ids.boris)).toMatchObject({ dealsCreated: 0, dealsWon: 0 });
  });

  it("keeps each currency's own sum next to the converted one (conversion: currency-conversion.test.ts)", async () => {
    const res = await get("head", "/api/v1/analytics/sales/won-revenue");
    const body = res.json();
    expect(body.rows.map((r: Row) => [r.currency, r.amount]).sort()).toEqual([
      ["RUB", "1000.00"],
      ["USD", "300.00"],
    ]);
    expect(body.notices).toContainEqual({ code: "mixed_currencies" });
    const forecast = await rows("anna", "/api/v1/analytics/sales/forecast");
    expect(forecast).toEqual([
      expect.objectContaining({
        month: nextMonth().slice(0, 7),
        currency: "RUB",
        amount: "200.00",
        weighted: "20.00",
      }),
    ]);
    const lost = await rows("anna", "/api/v1/analytics/sales/lost-reasons");
    expect(lost).toEqual([{ reason: "Price", count: 1 }]);
  });

  it("refuses figures on a field the role hides and drops such columns from the per-manager table", async () => {
    const res = await get("support", "/api/v1/analytics/sales/won-revenue");
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: "analytics_field_hidden", errors: [{ field: "deals.amount" }] });
    expect((await get("support", "/api/v1/analytics/sales/funnel")).statusCode).toBe(200);
    const perf = await get("support", "/api/v1/analytics/team-performance");
    expect(perf.json().columns.map((c: { key: string }) => c.key)).not.toContain("revenue");
    expect(JSON.stringify(perf.json())).not.toContain("7000.00");
    const catalog = (await get("support", "/api/v1/analytics/widgets")).json().items;
    expect(catalog.find((w: { id: string }) => w.id === "sales.won-revenue").available).toBe(false);
    expect(catalog.find((w: { id: string }) => w.id === "sales.funnel").available).toBe(true);
  });

  it("serves repeats from the shared cache until a change is delivered", async () => {
    const url = "/api/v1/analytics/sales/win-rate";
    const first = (await get("admin", url)).json();
    const second = (await get("admin", url)).json();
    expect(second.rows).toEqual(first.rows);
    expect(second.exact).toBe(false);
    const extra = await deal("anna", {});
    await move("anna", extra, "Won");
    await fresh();
    const third = (await get("admin", url)).json();
    expect(third.exact).toBe(true);
    expect(third.rows.find((r: Row) => r.user === ids.anna).won).toBe(2);
  });

  it("keys the cached answer by the viewer's time zone and the workspace currency (read in the lookup itself)", async () => {
    const url = "/api/v1/analytics/sales/deal-size";
    const first = (await get("admin", url)).json();
    expect((await get("admin", url)).json().exact).toBe(false);
    // Neither write is a change event: only the key the lookup computes tells the answers apart.
    const zone = await t.db
      .selectFrom("users")
      .select("time_zone")
      .where("id", "=", ids.admin as string)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("users")
      .set({ time_zone: "Asia/Kolkata" })
      .where("id", "=", ids.admin as string)
      .execute();
    const zoned = (await get("admin", url)).json();
    expect(zoned.exact).toBe(true);
    expect(zoned.rows).toEqual(first.rows);
    expect((await get("admin", url)).json().exact).toBe(false);
    await t.db
      .insertInto("app_settings")
      .values({ key: "workspace.default_currency", value: JSON.stringify({ currency: "USD" }) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify({ currency: "USD" }) }))
      .execute();
    try {
      const usd = (await get("admin", url)).json();
      expect(usd.exact).toBe(true);
      expect(usd.rows[0].workspaceCurrency).toBe("USD");
    } finally {
      await t.db.deleteFrom("app_settings").where("key", "=", "workspace.default_currency").execute();
      await t.db
        .updateTable("users")
        .set({ time_zone: zone.time_zone })
        .where("id", "=", ids.admin as string)
        .execute();
    }
    const back = (await get("admin", url)).json();
    expect(back.rows).toEqual(first.rows);
  });

  it("refuses bad periods and coarsens too-fine steps", async () => {
    const bad = await get("admin", "/api/v1/analytics/sales/funnel?from=2026-05-01&to=2026-04-01");
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: "to", code: "analytics_period_invalid" });
    const century = await get(
      "admin",
      "/api/v1/analytics/activity-monitoring?from=1926-01-01&to=2026-01-01&bucket=day",
    );
    expect(century.statusCode).toBe(422);
    expect(century.json().errors[0].code).toBe("analytics_period_too_long");
    const long = await get(
      "admin",
      "/api/v1/analytics/activity-monitoring?from=2024-01-01&to=2026-01-01&bucket=day",
    );
    expect(long.json().notices).toContainEqual({ code: "bucket_coarsened", params: { bucket: "month" } });
    for (const q of ["pipelineId=x%00y", "from=2026-13-01", "teamId=1", "bogus=1", "bucket=hour"]) {
      expect((await get("admin", `/api/v1/analytics/sales/funnel?${q}`)).statusCode, q).toBe(422);
    }
  });

  it("counts communications by channel and direction, per day and per team", async () => {
    const log = (who: string, payload: object) =>
      t.app.inject({ method: "POST", url: "/api/v1/activities", headers: h[who], payload });
    const contact = await insertContact(t.db, ids.anna as string);
    expect((await log("anna", { kind: "call", direction: "out", durationSeconds: 60 })).statusCode).toBe(201);
    expect(
      (await log("anna", { kind: "call", direction: "in", durationSeconds: 30, outcome: "reached" }))
        .statusCode,
    ).toBe(201);
    expect(
      (await log("boris", { kind: "email", direction: "out", subject: "Offer", body: "Hi" })).statusCode,
    ).toBe(201);
    const meeting = await log("anna", {
      kind: "meeting",
      startsAt: new Date().toISOString(),
      participants: { users: [], contacts: [contact] },
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    await fresh();
    const monitoring = await rows("head", "/api/v1/analytics/activity-monitoring");
    const count = (channel: string, direction: string) =>
      monitoring
        .filter((r) => r.channel === channel && r.direction === direction)
        .reduce((s, r) => s + Number(r.count), 0);
    expect([count("call", "outbound"), count("call", "inbound"), count("email", "outbound")]).toEqual([
      1, 1, 1,
    ]);
    expect(count("meeting", "external")).toBe(1);
    expect(await rows("south", "/api/v1/analytics/activity-monitoring")).toEqual([]);
    const teams = await rows("admin", "/api/v1/analytics/activity-monitoring/teams");
    expect(teams.every((r) => r.team === ids.north)).toBe(true);
    const perf = await rows("head", "/api/v1/analytics/team-performance");
    expect(perf.find((r) => r.user === ids.anna)).toMatchObject({
      calls: 1,
      callsAnswered: 1,
      talkTime: 90,
      meetings: 1,
    });
    expect(perf.find((r) => r.user === ids.boris)).toMatchObject({
      emails: 1,
      dealsWon: 1,
      revenue: "300.00",
      currency: "USD",
    });
  });

  it("reports leads, deals and won revenue by source", async () => {
    await insertContact(t.db, ids.anna as string, { source: "Website" });
    await fresh();
    const sources = await rows("head", "/api/v1/analytics/channels");
    expect(sources.find((r) => r.source === "Website")).toMatchObject({ leads: 1, deals: 2, won: 1 });
    const revenue = await rows("head", "/api/v1/analytics/channels/revenue");
    expect(revenue).toContainEqual(
      expect.objectContaining({ source: "Referral", currency: "USD", amount: "300.00", won: 1 }),
    );
  });

  it("compares targets with won revenue; only administrators set targets", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const set = (who: string, payload: object) =>
      t.app.inject({ method: "POST", url: "/api/v1/analytics/targets", headers: h[who], payload });
    expect(
      (await set("head", { userId: ids.anna, month, amount: { amount: "4000", currency: "RUB" } }))
        .statusCode,
    ).toBe(403);
    const both = await set("admin", {
      userId: ids.anna,
      teamId: ids.north,
      month,
      amount: { amount: "1", currency: "RUB" },
    });
    expect(both.json().errors[0].code).toBe("analytics_target_owner");
    expect(
      (await set("admin", { userId: ids.anna, month: "2026-13", amount: { amount: "1", currency: "RUB" } }))
        .statusCode,
    ).toBe(422);
    const ok = await set("admin", { userId: ids.anna, month, amount: { amount: "4000", currency: "RUB" } });
    expect(ok.statusCode, ok.body).toBe(200);
    const plan = await rows("anna", "/api/v1/analytics/sales/plan-fact");
    expect(plan).toEqual([
      expect.objectContaining({
        user: ids.anna,
        currency: "RUB",
        target: "4000.00",
        fact: "1000.00",
        progress: 25,
      }),
    ]);
    expect(await rows("south", "/api/v1/analytics/sales/plan-fact")).toEqual([]);
  });
});
