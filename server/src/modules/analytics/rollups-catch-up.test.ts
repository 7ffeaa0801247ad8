import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { insertCompany } from "../activities/test-records.js";
import { rollupView } from "./rollup-repository.js";
import { ROLLUPS } from "./rollup-sql.js";
import { applyEvents, buildRollups, rollupsPending } from "./rollups.js";
import { useRollupsFixture } from "./rollups-workspace-test-support.js";

describe("analytics daily rollups: lag, catch-up and failed builds", () => {
  const { t, h, ids, stages, ok, daysAgo, snapshot } = useRollupsFixture();

  it("says 'as of' while changes wait, catches up, and a failed batch or build leaves nothing behind", async () => {
    // Built as the start-up job leaves them (this file does not rely on another file's test having built them).
    await buildRollups(t.db);
    await t.relay.drain("analytics.rollups");
    const before = await snapshot();
    const a = await ok("POST", "/api/v1/activities", {
      kind: "call",
      direction: "out",
      ownerId: ids.anna,
      occurredAt: daysAgo(1, 0).toISOString(),
    });
    // Not applied yet: widgets from the rollups say "as of" the pending change, not exact.
    await t.relay.drain("analytics.data-version"); // the data version is final: only the rollups lag
    const lag = await t.app.inject({
      method: "GET",
      url: "/api/v1/analytics/activity-monitoring?bucket=day",
      headers: h.admin,
    });
    expect(lag.json().exact).toBe(false);
    expect(new Date(lag.json().asOf).getTime()).toBeLessThanOrEqual(Date.now());
    // Asked again while the rollups stand still: served from the cache (stored with the rollup mark), same "as of".
    const marked = await sql<{ n: number }>`
      select count(*)::int as n from analytics_cache where rollup_mark is not null`.execute(t.db);
    expect(marked.rows[0]?.n).toBe(1);
    const again = await t.app.inject({
      method: "GET",
      url: "/api/v1/analytics/activity-monitoring?bucket=day",
      headers: h.admin,
    });
    expect(again.json()).toEqual(lag.json());
    // A batch that fails after applying rolls back with its transaction: the rollups are as before.
    await expect(
      t.db.transaction().execute(async (trx) => {
        await applyEvents(trx, [{ entity: "activities", entityId: a.id, changes: {} }]);
        throw new Error("worker died");
      }),
    ).rejects.toThrow("worker died");
    expect(await snapshot()).toEqual(before);
    // Catch-up: the consumer applies it; the answer is exact again and counts the call.
    // The lagging answer's rollup mark no longer holds: asked again with the same data version, it is computed afresh.
    await t.relay.drain("analytics.rollups");
    const caught = await t.app.inject({
      method: "GET",
      url: "/api/v1/analytics/activity-monitoring?bucket=day",
      headers: h.admin,
    });
    expect(caught.json().exact).toBe(true);
    // A stage move not yet applied: the funnel and time in stage (per-deal rollups) say "as of" too, then catch up.
    const companyId = await insertCompany(t.db, ids.anna as string);
    const deal = await ok("POST", "/api/v1/deals", { title: "D", companyId, ownerId: ids.anna });
    await ok("POST", `/api/v1/deals/${deal?.id}/move`, { stageId: stages[1] });
    await t.relay.drain("analytics.data-version");
    for (const w of ["sales/funnel", "sales/time-in-stage", "sales/forecast"]) {
      const res = await t.app.inject({ method: "GET", url: `/api/v1/analytics/${w}`, headers: h.admin });
      expect(res.json().exact, w).toBe(false);
    }
    await t.relay.drain("analytics.rollups");
    const moved = await t.app.inject({
      method: "GET",
      url: "/api/v1/analytics/sales/funnel",
      headers: h.admin,
    });
    expect(moved.json().exact).toBe(true);
    const after = await snapshot();
    expect(after).not.toEqual(before);
    // A build that crashes midway (the last rollup's insert fails) keeps the previous rollups and state.
    const spec = ROLLUPS.at(-1) as (typeof ROLLUPS)[number];
    const insert = spec.insert;
    spec.insert = () => sql`select 1 / 0`;
    try {
      await expect(buildRollups(t.db, { full: true })).rejects.toThrow();
    } finally {
      spec.insert = insert;
    }
    expect(await snapshot()).toEqual(after);
    // Lost rollups (reset): pending again, rebuilt to the same figures by the build job's function.
    await sql`update analytics_rollup_state set built_at = null`.execute(t.db);
    await sql`update analytics_rollup_zones set built_at = null`.execute(t.db);
    for (const s of ROLLUPS) await sql`delete from ${sql.table(s.rollupTable)}`.execute(t.db);
    expect(await rollupView(t.db, "UTC")).toBeNull();
    expect(await rollupsPending(t.db)).toBe(true);
    await buildRollups(t.db);
    expect(await snapshot()).toEqual(after);
  });
});
