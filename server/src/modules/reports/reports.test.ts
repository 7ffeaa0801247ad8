import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

type H = Record<string, string>;

/** Won revenue by manager by month, the example, and the rules around it. */
describe("report builder", () => {
  const t = useTestContext();
  let admin: H;
  let head: H;
  let alice: H;
  let support: H;
  let aliceId: string;
  let bobId: string;
  let outsiderId: string;
  let wonStage: string;
  const wonRevenue = () => ({
    entity: "deals",
    filter: { field: "stageId", op: "eq", value: wonStage },
    groupBy: [{ field: "ownerId" }, { field: "closedAt", bucket: "month" }],
    measures: [{ fn: "sum", field: "amount" }, { fn: "count" }],
    chart: "bar",
  });
  const run = (headers: H, definition: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/reports/run", headers, payload: { definition } });

  beforeAll(async () => {
    const team = await createTeam(t.db, "East");
    const other = await createTeam(t.db, "West");
    const a = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id, name: "Alice" });
    const b = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id, name: "Bob" });
    const o = await createUser(t.db, { roleKey: "sales_manager", teamId: other.id, name: "Olga" });
    const h = await createUser(t.db, { roleKey: "head_of_sales", teamId: team.id, name: "Hugo" });
    [aliceId, bobId, outsiderId] = [a.id, b.id, o.id];
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    head = await tokenHeaders(t.db, h.id);
    alice = await tokenHeaders(t.db, a.id);
    support = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "support_agent" })).id);
    // The deals are in roubles: the workspace's currency, so sums need no rate (money.test.ts converts).
    const currency = await t.app.inject({
      method: "PUT",
      url: "/api/v1/settings/default-currency",
      headers: admin,
      payload: { currency: "RUB" },
    });
    expect(currency.statusCode, currency.body).toBe(200);
    const stage = await t.db
      .selectFrom("pipeline_stages as s")
      .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
      .select(["s.id", "s.pipeline_id"])
      .where("p.is_default", "=", true)
      .where("s.kind", "=", "won")
      .executeTakeFirstOrThrow();
    wonStage = stage.id;
    const deal = (owner: string, amount: string, closed: string) => ({
      title: `Deal ${amount}`,
      pipeline_id: stage.pipeline_id,
      stage_id: stage.id,
      probability: 100,
      owner_id: owner,
      amount,
      currency: "RUB",
      closed_at: new Date(closed),
      custom: "{}",
    });
    await t.db
      .insertInto("deals")
      .values([
        deal(a.id, "100.50", "2026-01-10T10:00:00Z"),
        deal(a.id, "200.00", "2026-01-20T10:00:00Z"),
        deal(a.id, "50.00", "2026-02-03T10:00:00Z"),
        deal(b.id, "70.00", "2026-02-05T10:00:00Z"),
        deal(o.id, "999.00", "2026-02-06T10:00:00Z"),
      ])
      .execute();
  });

  it("groups won revenue by manager and month with exact sums, labels and a drill-down filter", async () => {
    const res = await run(admin, wonRevenue());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const rows = body.rows.map((r: Record<string, unknown>) => [
      body.labels.user[r.d0 as string],
      r.d1,
      r.m0,
      r.m1,
    ]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ["Alice", "2026-01", "300.50", 2],
        ["Alice", "2026-02", "50.00", 1],
        ["Bob", "2026-02", "70.00", 1],
        ["Olga", "2026-02", "999.00", 1],
      ]),
    );
    expect(body.chart).toMatchObject({ type: "bar", x: "d0", series: "d1", y: ["m0", "m1"] });
    expect(body.columns.find((c: { key: string }) => c.key === "m0")).toMatchObject({ type: "money" });
    // The drill filter opens the deals list on exactly the bar's records.
    const i = body.rows.findIndex((r: Record<string, unknown>) => r.d0 === aliceId && r.d1 === "2026-01");
    const filter = encodeURIComponent(JSON.stringify(body.drill[i]));
    const list = await t.app.inject({ method: "GET", url: `/api/v1/deals?filter=${filter}`, headers: admin });
    expect(list.statusCode, list.body).toBe(200);
    expect(
      list
        .json()
        .items.map((d: { title: string }) => d.title)
        .sort(),
    ).toEqual(["Deal 100.50", "Deal 200.00"]);
  });

  it("computes within the viewer's read scope: a head sees the team, a manager their own", async () => {
    const owners = async (h: H) =>
      new Set(((await run(h, wonRevenue())).json().rows as { d0: string }[]).map((r) => r.d0));
    expect(await owners(head)).toEqual(new Set([aliceId, bobId]));
    expect(await owners(alice)).toEqual(new Set([aliceId]));
    expect((await owners(admin)).has(outsiderId)).toBe(true);
  });

  it("refuses a measure or group-by on a field hidden from the viewer, naming it", async () => {
    const res = await run(support, wonRevenue());
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: "measures.0.field", code: "field_not_allowed" }),
    ]);
    expect(res.json().errors[0].message).toContain("amount");
    const grouped = await run(support, {
      entity: "deals",
      groupBy: [{ field: "amount" }],
      measures: [{ fn: "count" }],
    });
    expect(grouped.statusCode).toBe(422);
    expect(grouped.json().errors[0]).toMatchObject({ field: "groupBy.0.field", code: "field_not_allowed" });
  });

  it("refuses unknown entities and fields, and wrong measures, with nothing run", async () => {
    expect((await run(admin, { entity: "ghosts", measures: [{ fn: "count" }] })).statusCode).toBe(422);
    const bad = await run(admin, {
      entity: "deals",
      groupBy: [{ field: "nope" }, { field: "title", bucket: "month" }],
      measures: [{ fn: "sum", field: "title" }],
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["groupBy.0.field", "groupBy.1.bucket", "measures.0.field"].sort());
    const nul = await run(admin, { entity: "deals\u0000", measures: [{ fn: "count" }] });
    expect(nul.statusCode).toBe(422);
    const three = await run(admin, {
      entity: "deals",
      groupBy: [{ field: "ownerId" }, { field: "stageId" }, { field: "source" }],
    });
    expect(three.statusCode).toBe(422);
  });

  it("coarsens 100 years of daily buckets with a notice", async () => {
    const res = await run(admin, {
      entity: "deals",
      filter: { field: "closedAt", op: "between", value: ["1926-01-01T00:00:00Z", "2026-12-31T00:00:00Z"] },
      groupBy: [{ field: "closedAt", bucket: "day" }],
      measures: [{ fn: "count" }],
      chart: "line",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().notices).toEqual([
      expect.objectContaining({
        code: "bucket_coarsened",
        params: expect.objectContaining({ from: "day", to: "quarter" }),
      }),
    ]);
  });

  it("groups by the owner's team and compares a single number with the previous period", async () => {
    const res = await run(head, {
      entity: "deals",
      groupBy: [{ field: "ownerTeam" }],
      measures: [{ fn: "count" }, { fn: "median", field: "amount" }],
      chart: "pie",
    });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = res.json().rows;
    expect(res.json().labels.team[row.d0]).toBe("East");
    expect(row.m0).toBe(4);
    const number = await run(admin, {
      entity: "deals",
      measures: [{ fn: "count" }],
      chart: "number",
      compare: { field: "createdAt", period: "month" },
    });
    expect(number.statusCode, number.body).toBe(200);
    expect(number.json().rows[0].m0).toBe(5);
    expect(number.json().previous).toEqual({ m0: 0 });
  });

  it("reports on a related entity's fields within its own read scope", async () => {
    const res = await run(admin, {
      entity: "deals",
      related: { via: "companyId" },
      groupBy: [{ field: "name", on: "related" }],
      measures: [{ fn: "count" }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows[0]).toMatchObject({ d0: null, m0: 5 });
    expect(res.json().drill[0]).toBeNull();
  });

  it("saves, shares with a team, duplicates and runs a report with the viewer's permissions", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/reports",
      headers: head,
      payload: { name: "Won revenue", definition: wonRevenue(), visibility: "team" },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    // Alice (same team) sees it and runs it within her own scope.
    const ran = await t.app.inject({ method: "GET", url: `/api/v1/reports/${id}/run`, headers: alice });
    expect(ran.statusCode).toBe(200);
    expect(new Set(ran.json().rows.map((r: { d0: string }) => r.d0))).toEqual(new Set([aliceId]));
    // She cannot change it, but can copy it.
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/reports/${id}`,
      headers: alice,
      payload: { name: "Mine now" },
    });
    expect(patch.statusCode).toBe(403);
    const copy = await t.app.inject({
      method: "POST",
      url: `/api/v1/reports/${id}/duplicate`,
      headers: alice,
      payload: {},
    });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ name: "Won revenue (copy)", visibility: "private", mine: true });
    // Support (another team, amount hidden) neither sees it nor could save such a report.
    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/reports/${id}`, headers: support })).statusCode,
    ).toBe(404);
    const xlsx = await t.app.inject({
      method: "GET",
      url: `/api/v1/reports/${id}/export?format=xlsx`,
      headers: head,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const csv = await t.app.inject({
      method: "GET",
      url: `/api/v1/reports/${id}/export?format=csv`,
      headers: head,
    });
    expect(csv.body).toContain("300.50");
    const pdf = await t.app.inject({
      method: "GET",
      url: `/api/v1/reports/${id}/export?format=pdf`,
      headers: head,
    });
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("hides a dashboard widget whose report uses a field hidden from the viewer", async () => {
    const report = (
      await t.app.inject({
        method: "POST",
        url: "/api/v1/reports",
        headers: admin,
        payload: { name: "Revenue", definition: wonRevenue() },
      })
    ).json();
    const counts = (
      await t.app.inject({
        method: "POST",
        url: "/api/v1/reports",
        headers: admin,
        payload: { name: "Deals by stage", definition: { entity: "deals", groupBy: [{ field: "stageId" }] } },
      })
    ).json();
    const dash = await t.app.inject({
      method: "POST",
      url: "/api/v1/dashboards",
      headers: admin,
      payload: {
        name: "Sales",
        visibility: "everyone",
        widgets: [
          { id: "w1", kind: "report", reportId: report.id, x: 0, y: 0, w: 6, h: 4 },
          { id: "w2", kind: "report", reportId: counts.id, x: 6, y: 0, w: 6, h: 4 },
        ],
      },
    });
    expect(dash.statusCode, dash.body).toBe(201);
    const seen = (
      await t.app.inject({ method: "GET", url: `/api/v1/dashboards/${dash.json().id}`, headers: support })
    ).json();
    expect(seen.widgets.map((w: { hidden: boolean }) => w.hidden)).toEqual([true, false]);
    expect(seen.widgets[0].report).toBeNull();
    const w2 = await t.app.inject({
      method: "GET",
      url: `/api/v1/dashboards/${dash.json().id}/widgets/w2/run`,
      headers: support,
    });
    expect(w2.statusCode).toBe(200);
    expect(w2.json().rows[0].d0).toBe(w2.json().rows[0].d0Id === wonStage ? "Won" : w2.json().rows[0].d0);
    const w1 = await t.app.inject({
      method: "GET",
      url: `/api/v1/dashboards/${dash.json().id}/widgets/w1/run`,
      headers: support,
    });
    expect(w1.statusCode).toBe(422);
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/dashboards",
      headers: alice,
      payload: {
        name: "X",
        widgets: [{ id: "a", kind: "report", reportId: report.id, x: 0, y: 0, w: 1, h: 1 }],
      },
    });
    expect(bad.statusCode).toBe(422);
  });
});
