import { sql } from "kysely";
import { beforeAll, expect } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import { actorForUser } from "../../platform/records/actor.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runReport } from "../reports/module.js";
import { activityCommunications } from "./activity-repository.js";
import { DEAL_ROLLUP_TABLES } from "./deal-rollup-sql.js";
import { resolveFilters } from "./filters.js";
import { dealSizePerDeal } from "./previous-queries-test-support.js";
import { PERIOD_TABLES } from "./rollup-periods.js";
import { rollupView } from "./rollup-repository.js";
import { ROLLUPS } from "./rollup-sql.js";
import { buildRollups } from "./rollups.js";
import { isoDay, REPORTS, ROLLUP_WIDGETS, sorted } from "./rollups-test-support.js";
import { dealSize } from "./sales-repository.js";

/**
 * The seeded workspace of the rollup tests (owners in two teams, a default pipeline, random deals, activities and
 * tasks through the API) and the helpers that compare rollup answers with the direct queries; call inside a describe.
 */
export function useRollupsFixture() {
  const t = useTestContext();
  const h: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};
  const owners: string[] = [];
  const stages: string[] = [];
  /** Widgets that answered a non-zero figure at least once (so their comparisons compared something). */
  const answered = new Set<string>();
  const made = {
    deals: [] as string[],
    activities: [] as string[],
    tasks: [] as string[],
    contacts: [] as string[],
  };

  const call = async (method: "POST" | "PATCH" | "DELETE", url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: h.admin, ...(payload ? { payload } : {}) });
    return res;
  };
  const ok = async (method: "POST" | "PATCH" | "DELETE", url: string, payload?: object) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.statusCode === 204 ? null : res.json();
  };
  const daysAgo = (n: number, hour: number) => new Date(Date.now() - n * 86_400_000 + hour * 3_600_000);

  const snapshot = async () => {
    const out: Record<string, string[]> = {};
    for (const spec of ROLLUPS) {
      const r = await sql<Record<string, unknown>>`select * from ${sql.table(spec.rollupTable)}`.execute(
        t.db,
      );
      out[spec.rollupTable] = sorted(r.rows);
    }
    for (const table of ["analytics_lead_responses", ...DEAL_ROLLUP_TABLES, ...PERIOD_TABLES]) {
      const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.db);
      out[table] = sorted(r.rows);
    }
    return out;
  };

  /** Each rollup-capable widget as `actor`: from the rollups (when built) and straight from the records. */
  const widgetsBothWays = async (actor: Actor) => {
    const filters = await resolveFilters(t.db, actor, { from: isoDay(daysAgo(45, 0)) });
    const view = await rollupView(t.db, filters.timeZone);
    expect(view, `rollups of ${filters.timeZone}`).not.toBeNull();
    for (const w of ROLLUP_WIDGETS) {
      const ctx = {
        db: t.db,
        actor,
        filters,
        visible: (e: string, f: string) => !isHidden(actor, e, f),
        communicationSources: [activityCommunications],
        workspaceCurrency: "RUB",
      };
      const fromRollup = await w.run({ ...ctx, rollup: view });
      const direct = await w.run({ ...ctx, rollup: null });
      expect(fromRollup.fromRollup).toBe(true);
      expect(sorted(fromRollup.rows), `${w.id} as ${actor.userId}`).toEqual(sorted(direct.rows));
      if (direct.rows.some((r) => Object.values(r).some((v) => typeof v === "number" && v > 0)))
        answered.add(w.id);
    }
    // Deal size's set-wise rates (one per currency and close day) against the previous one probe per deal.
    for (const base of ["RUB", "USD"]) {
      const setWise = await dealSize(t.db, actor, filters, base);
      expect(setWise, `deal size in ${base}`).toEqual(await dealSizePerDeal(t.db, actor, filters, base));
      if (setWise.some((r) => r.won > 0)) answered.add("sales.deal-size");
    }
  };

  /**
   * Each report from the rollups, then from the statement (rollups marked unbuilt): the same rows — money in
   * roubles (USD has rates: date-grouped sums read the days) and in euros (no rate at all: the coarser levels).
   */
  const reportsBothWays = async (actor: Actor) => {
    for (const d of REPORTS) {
      for (const currency of ["RUB", "EUR"]) {
        const fromRollup = await runReport(t.db, actor, d as never, currency);
        const built = await sql<{ b: Date }>`select built_at as b from analytics_rollup_state`.execute(t.db);
        await sql`update analytics_rollup_state set built_at = null`.execute(t.db);
        const direct = await runReport(t.db, actor, d as never, currency);
        await sql`update analytics_rollup_state set built_at = ${built.rows[0]?.b}`.execute(t.db);
        expect(fromRollup.rows, `${d.entity} report in ${currency}`).toEqual(direct.rows);
        expect(fromRollup.notices, `${d.entity} report in ${currency}`).toEqual(direct.notices);
        expect(fromRollup.drill).toEqual(direct.drill);
      }
    }
  };

  const consistent = async () => {
    await t.relay.drain("analytics.rollups");
    const maintained = await snapshot();
    await buildRollups(t.db, { full: true });
    expect(maintained).toEqual(await snapshot());
    for (const who of ["admin", "anna", "head", "sergei"]) {
      const actor = (await actorForUser(t.db, ids[who] as string)) as Actor;
      await widgetsBothWays(actor);
      await reportsBothWays(actor);
    }
  };

  beforeAll(async () => {
    const north = await createTeam(t.db, "North");
    const south = await createTeam(t.db, "South");
    const people = {
      admin: await createUser(t.db, { roleKey: "admin", name: "Admin" }),
      head: await createUser(t.db, { roleKey: "head_of_sales", teamId: north.id, name: "Head" }),
      anna: await createUser(t.db, { roleKey: "sales_manager", teamId: north.id, name: "Anna" }),
      boris: await createUser(t.db, { roleKey: "sales_manager", teamId: north.id, name: "Boris" }),
      sergei: await createUser(t.db, { roleKey: "sales_manager", teamId: south.id, name: "Sergei" }),
    };
    for (const [k, u] of Object.entries(people)) {
      ids[k] = u.id;
      h[k] = await tokenHeaders(t.db, u.id);
      if (k !== "admin") owners.push(u.id);
    }
    // Money converts at each day's rate: USD changes rate 10 days ago (a rollup day's sum at its own rate).
    await sql`insert into exchange_rates (base_currency, currency, effective_on, rate) values
      ('RUB', 'USD', current_date - 400, 90), ('RUB', 'USD', current_date - 10, 95.5)`.execute(t.db);
    // Days differ by zone: Almaty is UTC+5, New York UTC−5.
    await sql`update users set time_zone = 'Asia/Almaty' where id = ${ids.anna}`.execute(t.db);
    await sql`update users set time_zone = 'America/New_York' where id = ${ids.sergei}`.execute(t.db);
    const pipelines = await t.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: h.admin });
    stages.push(
      ...pipelines
        .json()
        .items.find((p: { isDefault: boolean }) => p.isDefault)
        .stages.map((s: { id: string }) => s.id),
    );
  });
  return {
    t,
    h,
    ids,
    owners,
    stages,
    answered,
    made,
    call,
    ok,
    daysAgo,
    snapshot,
    consistent,
  };
}
