import { beforeAll, describe, expect, it } from "vitest";
import { cellDrill, type WidgetDrill } from "../../platform/analytics/widget.js";
import { createTeam, createUser, type RoleKey, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertCompany, insertContact } from "../activities/test-records.js";

type Row = Record<string, string | number | null>;
type Drill = { entity: string; filter: object } | null;
interface Result {
  rows: Row[];
  drillDown?: Drill[];
  drillColumns?: Record<string, Drill>;
}
type Item = { id: string; amount?: string | null; currency?: string | null; durationSeconds?: number | null };

/**
 * Drill-down of funnel, time in stage, deal size, sales cycle, plan vs fact, activity monitoring and team
 * performance: for every role, each row's (or cell's) filter run through the entity's list as the same viewer
 * lists exactly the records the figure counts (or sums), and every one of them is a record the viewer may read.
 */
describe("analytics drill-down of every widget, per role", () => {
  const t = useTestContext();
  const h: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};
  let stages: { id: string; name: string }[];
  const stage = (name: string) => stages.find((s) => s.name === name)?.id as string;

  const post = async (who: string, url: string, payload: object) => {
    const res = await t.app.inject({ method: "POST", url, headers: h[who], payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const get = async <T>(who: string, url: string): Promise<T> => {
    const res = await t.app.inject({ method: "GET", url, headers: h[who] });
    expect(res.statusCode, `${url} ${res.body}`).toBe(200);
    return res.json();
  };
  const deal = async (who: string, values: object, ...to: string[]) => {
    const company = await insertCompany(t.db, ids[who] as string);
    const d = await post(who, "/api/v1/deals", { title: "Deal", companyId: company, ...values });
    for (const s of to)
      await post(who, `/api/v1/deals/${d.id}/move`, {
        stageId: stage(s),
        ...(s === "Lost" ? { lostReason: "Price" } : {}),
      });
  };

  beforeAll(async () => {
    const north = await createTeam(t.db, "Drill2 North");
    const south = await createTeam(t.db, "Drill2 South");
    const people: Record<string, { roleKey: RoleKey; teamId?: string }> = {
      admin: { roleKey: "admin" },
      head: { roleKey: "head_of_sales", teamId: north.id },
      anna: { roleKey: "sales_manager", teamId: north.id },
      boris: { roleKey: "sales_manager", teamId: north.id },
      sergei: { roleKey: "sales_manager", teamId: south.id },
      reader: { roleKey: "read_only" },
    };
    for (const [k, input] of Object.entries(people)) {
      const u = await createUser(t.db, { ...input, name: k });
      ids[k] = u.id;
      h[k] = await tokenHeaders(t.db, u.id);
    }
    ids.north = north.id;
    const list = await get<{ items: { isDefault: boolean; stages: typeof stages }[] }>(
      "admin",
      "/api/v1/pipelines",
    );
    stages = list.items.find((x) => x.isDefault)?.stages ?? [];
    // Anna goes back and forth (two stays in Proposal), wins in RUB, loses one, keeps one open.
    await deal(
      "anna",
      { amount: "1000.00", currency: "RUB" },
      "Proposal",
      "Needs analysis",
      "Proposal",
      "Won",
    );
    await deal("anna", { amount: "500.00", currency: "RUB" }, "Needs analysis", "Lost");
    await deal("anna", { amount: "200.00", currency: "RUB" });
    await deal("boris", { amount: "300.00", currency: "USD" }, "Won");
    await deal("boris", { amount: "400.00", currency: "RUB" }, "Negotiation", "Won");
    await deal("sergei", { amount: "7000.00", currency: "RUB" }, "Proposal", "Won");
    await deal("sergei", { amount: "100.00", currency: "RUB" }, "Needs analysis");
    const contact = await insertContact(t.db, ids.anna as string);
    const now = new Date().toISOString();
    for (const [who, payload] of [
      ["anna", { kind: "call", direction: "out", durationSeconds: 60 }],
      ["anna", { kind: "call", direction: "in", durationSeconds: 30, outcome: "reached" }],
      ["anna", { kind: "meeting", startsAt: now, participants: { users: [], contacts: [contact] } }],
      ["anna", { kind: "meeting", startsAt: now, participants: { users: [ids.boris], contacts: [] } }],
      ["boris", { kind: "email", direction: "out", subject: "Offer", body: "Hi" }],
      ["sergei", { kind: "call", direction: "out", durationSeconds: 20 }],
    ] as const)
      await post(who, "/api/v1/activities", payload);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const done = await post("anna", "/api/v1/tasks", { title: "Done", dueAt: past });
    await post("anna", `/api/v1/tasks/${done.id}/complete`, {});
    await post("anna", "/api/v1/tasks", { title: "Late", dueAt: past });
    await post("sergei", "/api/v1/tasks", { title: "Late", dueAt: past });
    const month = now.slice(0, 7);
    const amount = { amount: "5000", currency: "RUB" };
    await post("admin", "/api/v1/analytics/targets", { userId: ids.anna, month, amount });
    await post("admin", "/api/v1/analytics/targets", { teamId: north.id, month, amount });
    await t.relay.drain("analytics.rollups");
    await t.relay.drain("analytics.data-version");
  });

  /** The records a drill lists for the viewer, each checked readable by its own record route. */
  const listed = async (who: string, d: NonNullable<Drill>) => {
    const q = encodeURIComponent(JSON.stringify(d.filter));
    const { items } = await get<{ items: Item[] }>(who, `/api/v1/${d.entity}?limit=200&filter=${q}`);
    for (const item of items) await get(who, `/api/v1/${d.entity}/${item.id}`);
    return items;
  };
  const sum = (items: Item[], key: "amount" | "durationSeconds") =>
    items.reduce((s, i) => s + Number(i[key] ?? 0), 0);

  const ROW_WIDGETS: [string, string][] = [
    ["/api/v1/analytics/sales/funnel", "entered"],
    ["/api/v1/analytics/sales/time-in-stage", "deals"],
    ["/api/v1/analytics/sales/deal-size", "won"],
    ["/api/v1/analytics/sales/cycle", "won"],
    ["/api/v1/analytics/activity-monitoring", "count"],
    ["/api/v1/analytics/activity-monitoring/teams", "count"],
  ];

  it.each(["admin", "head", "anna", "sergei", "reader"])(
    "lists exactly the records behind each figure, within %s's scope",
    async (who) => {
      let drilled = 0;
      for (const [url, counted] of ROW_WIDGETS) {
        const r = await get<Result>(who, url);
        expect(r.drillDown, url).toHaveLength(r.rows.length);
        for (const [i, row] of r.rows.entries()) {
          const d = r.drillDown?.[i];
          // Rows of teamless owners are the only ones the list cannot express.
          if (!d && url.endsWith("/teams") && row.team === null) continue;
          expect(d, `${url} ${JSON.stringify(row)}`).toBeTruthy();
          if (d) expect((await listed(who, d)).length, `${url} ${JSON.stringify(row)}`).toBe(row[counted]);
          drilled++;
        }
      }
      const plan = await get<Result>(who, "/api/v1/analytics/sales/plan-fact");
      for (const [i, row] of plan.rows.entries()) {
        const d = plan.drillDown?.[i];
        expect(d).toBeTruthy();
        // The drill lists the won deals of every currency (the converted fact); `fact` is the target's own.
        const items = d ? await listed(who, d) : [];
        const own = items.filter((i) => i.currency === row.currency);
        expect(sum(own, "amount")).toBe(Number(row.fact));
      }
      const perf = await get<Result>(who, "/api/v1/analytics/team-performance");
      expect(Object.keys(perf.drillColumns ?? {})).toContain("calls");
      for (const row of perf.rows) {
        for (const key of Object.keys(perf.drillColumns ?? {}).filter((k) => k in row)) {
          const d = cellDrill(perf.drillColumns as Record<string, WidgetDrill>, row, key) as Drill;
          expect(d, key).toBeTruthy();
          if (!d) continue;
          const items = await listed(who, d);
          if (key === "revenue") expect(sum(items, "amount"), key).toBe(Number(row.revenue ?? 0));
          else if (key === "talkTime") expect(sum(items, "durationSeconds"), key).toBe(row.talkTime);
          else expect(items.length, `${key} ${JSON.stringify(row)}`).toBe(row[key]);
          drilled++;
        }
      }
      if (who !== "reader") expect(drilled).toBeGreaterThan(10);
    },
  );

  it("shows a manager only their own records behind the figures", async () => {
    const funnel = await get<Result>("anna", "/api/v1/analytics/sales/funnel");
    expect(funnel.rows[0]?.entered).toBe(3);
    const d = funnel.drillDown?.[0];
    if (!d) throw new Error("no drill");
    const items = await listed("anna", d);
    expect(items).toHaveLength(3);
    const { items: all } = await get<{ items: { id: string; ownerId: string }[] }>(
      "admin",
      `/api/v1/deals?limit=200&filter=${encodeURIComponent(JSON.stringify(d.filter))}`,
    );
    expect(all.length).toBeGreaterThan(3); // the same filter lists more for the administrator
    const time = await get<Result>("admin", "/api/v1/analytics/sales/time-in-stage");
    const proposal = time.rows.findIndex((r) => r.stage === stage("Proposal"));
    expect(time.rows[proposal]).toMatchObject({ count: 3, deals: 2 }); // Anna's two stays, Sergei's one
  });

  it("refuses a malformed drill condition (422) and marks them as conditions only (chips, not builders)", async () => {
    for (const value of ["x", `${stage("Proposal")}/2026-01-01/2026-02-01`]) {
      const filter = encodeURIComponent(JSON.stringify({ field: "stageStay", op: "eq", value }));
      const res = await t.app.inject({
        method: "GET",
        url: `/api/v1/deals?filter=${filter}`,
        headers: h.admin,
      });
      expect(res.statusCode, value).toBe(422);
    }
    type Meta = { key: string; conditionOnly?: boolean; valueParts?: unknown };
    const meta = await get<{ items: Meta[] }>("admin", "/api/v1/custom-fields/meta/deals");
    const byKey = new Map(meta.items.map((f) => [f.key, f]));
    expect(byKey.get("passedStage")).toMatchObject({
      type: "link",
      linkEntity: "pipelines",
      conditionOnly: true,
    });
    expect(byKey.get("stageStay")).toMatchObject({
      conditionOnly: true,
      valueParts: [{ type: "link", linkEntity: "pipelines" }, { type: "dateTime" }, { type: "dateTime" }],
    });
    expect(meta.items.filter((f) => f.conditionOnly).map((f) => f.key)).toEqual(["passedStage", "stageStay"]);
  });
});
