import { beforeAll, describe, expect, it } from "vitest";
import { widgetResult } from "../../platform/analytics/widget.js";
import { createTeam, createUser, type RoleKey, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertCompany } from "../activities/test-records.js";

type Row = Record<string, string | number | null>;

/**
 * The result cache keeps an answer's JSON text and a hit sends it as is (`answer-text.ts`): the same bytes the
 * computing request sent, `exact` aside — per viewer (the key holds the scope), with the schema's shape and a
 * JSON content type — and a delivered change still makes the next request compute again.
 */
describe("analytics result cache: a hit sends the stored answer text", () => {
  const t = useTestContext();
  const h: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};
  let stages: { id: string; name: string }[];

  const post = async (who: string, url: string, payload: object) => {
    const res = await t.app.inject({ method: "POST", url, headers: h[who], payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const get = async (who: string, url: string) => {
    const res = await t.app.inject({ method: "GET", url, headers: h[who] });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const won = async (who: string, amount: string) => {
    const company = await insertCompany(t.db, ids[who] as string);
    const d = await post(who, "/api/v1/deals", {
      title: "Deal",
      companyId: company,
      amount,
      currency: "RUB",
    });
    const stageId = stages.find((s) => s.name === "Won")?.id;
    await post(who, `/api/v1/deals/${d.id}/move`, { stageId });
  };
  const settle = async () => {
    await t.relay.drain("analytics.rollups");
    await t.relay.drain("analytics.data-version");
  };

  beforeAll(async () => {
    const north = await createTeam(t.db, "Cache North");
    const people: Record<string, { roleKey: RoleKey; teamId?: string }> = {
      admin: { roleKey: "admin" },
      anna: { roleKey: "sales_manager", teamId: north.id },
      boris: { roleKey: "sales_manager", teamId: north.id },
    };
    for (const [k, input] of Object.entries(people)) {
      const u = await createUser(t.db, { ...input, name: `Cache ${k}` });
      ids[k] = u.id;
      h[k] = await tokenHeaders(t.db, u.id);
    }
    const pipelines = (await get("admin", "/api/v1/pipelines")).json();
    stages = pipelines.items.find((x: { isDefault: boolean }) => x.isDefault).stages;
    await won("anna", "1000.00");
    await won("boris", "300.00");
    for (const who of ["anna", "boris"])
      await post(who, "/api/v1/activities", { kind: "call", direction: "out", durationSeconds: 60 });
    const month = new Date().toISOString().slice(0, 7);
    const amount = { amount: "5000", currency: "RUB" };
    await post("admin", "/api/v1/analytics/targets", { userId: ids.anna, month, amount });
    await post("admin", "/api/v1/analytics/targets", { teamId: north.id, month, amount });
    await settle();
  });

  const WIDGETS = ["/api/v1/analytics/sales/plan-fact", "/api/v1/analytics/team-performance"];

  it.each(WIDGETS.flatMap((url) => [["admin", url] as const, ["anna", url] as const]))(
    "as %s, %s: the hit's bytes are the miss's, exact aside",
    async (who, url) => {
      const miss = await get(who, url);
      const hit = await get(who, url);
      expect(miss.json().exact).toBe(true);
      expect(miss.json().rows.length).toBeGreaterThan(0);
      expect(hit.body).toBe(miss.body.replace(/"exact":true}$/, '"exact":false}'));
      for (const res of [miss, hit]) {
        expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
        // What the OpenAPI schema declares: parsing it through the response schema changes nothing.
        expect(widgetResult.parse(res.json())).toEqual(res.json());
      }
      if (url.endsWith("team-performance")) {
        const body = hit.json();
        expect(Object.keys(body.drillColumns)).toContain("calls");
      }
    },
  );

  it("keeps each viewer's answer to that viewer", async () => {
    const url = "/api/v1/analytics/team-performance?bucket=week";
    const admin = await get("admin", url);
    const anna = await get("anna", url);
    expect(anna.json().exact).toBe(true);
    expect(anna.body).not.toBe(admin.body.replace(/"exact":true}$/, '"exact":false}'));
    const users = (res: typeof anna) => res.json().rows.map((r: Row) => r.user);
    expect(users(admin)).toContain(ids.admin);
    expect(users(anna)).toContain(ids.anna);
    expect(users(anna)).not.toContain(ids.admin);
    const again = await get("anna", url);
    expect(again.json().exact).toBe(false);
    expect(users(again)).not.toContain(ids.admin);
  });

  it("computes again once a change is delivered", async () => {
    const url = "/api/v1/analytics/team-performance?bucket=month";
    const calls = (res: Awaited<ReturnType<typeof get>>) =>
      res.json().rows.find((r: Row) => r.user === ids.anna).calls;
    const before = await get("anna", url);
    expect((await get("anna", url)).json().exact).toBe(false);
    await post("anna", "/api/v1/activities", { kind: "call", direction: "out", durationSeconds: 30 });
    await settle();
    const after = await get("anna", url);
    expect(after.json().exact).toBe(true);
    expect(calls(after)).toBe(calls(before) + 1);
    const plan = "/api/v1/analytics/sales/plan-fact?bucket=month";
    const fact = (res: Awaited<ReturnType<typeof get>>) =>
      res.json().rows.find((r: Row) => r.user === ids.anna)?.fact;
    const first = await get("admin", plan);
    expect((await get("admin", plan)).json().exact).toBe(false);
    await won("anna", "250.00");
    await settle();
    const again = await get("admin", plan);
    expect(again.json().exact).toBe(true);
    expect(Number(fact(again))).toBe(Number(fact(first)) + 250);
  });
});
