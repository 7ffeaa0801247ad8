import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, hiddenFields } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import { actorForUser } from "../../platform/records/actor.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertCompany } from "../activities/test-records.js";
import { runReport } from "../reports/module.js";
import { activityCommunications } from "./activity-repository.js";
import { DEAL_ROLLUP_TABLES } from "./deal-rollup-sql.js";
import { resolveFilters } from "./filters.js";
import { PERIOD_TABLES } from "./rollup-periods.js";
import { rollupView } from "./rollup-repository.js";
import { ROLLUPS } from "./rollup-sql.js";
import { applyEvents, buildRollups, rollupsPending } from "./rollups.js";
import { isoDay, prng, REPORTS, ROLLUP_WIDGETS, sorted } from "./rollups-test-support.js";

describe("analytics daily rollups", () => {
  const t = useTestContext();
  const h: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};
  const owners: string[] = [];
  let stages: string[] = [];
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
    stages = pipelines
      .json()
      .items.find((p: { isDefault: boolean }) => p.isDefault)
      .stages.map((s: { id: string }) => s.id);
  });

  it("stay exact through random creates, edits, stage moves, owner changes, deletes and restores", async () => {
    const rnd = prng(20261207);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const owner = () => pick(owners);
    const createDeal = async () => {
      const o = owner();
      const company = await insertCompany(t.db, o);
      const amount =
        rnd() < 0.2 ? {} : { amount: `${Math.floor(rnd() * 9000) + 100}.50`, currency: pick(["RUB", "USD"]) };
      // Some in this month's and the coming months' forecast, some past or without a date.
      const expected = daysAgo(Math.floor(rnd() * 200) - 150, 0)
        .toISOString()
        .slice(0, 10);
      const forecast =
        rnd() < 0.7 ? { expectedCloseDate: expected, probability: Math.floor(rnd() * 100) } : {};
      const d = await ok("POST", "/api/v1/deals", {
        title: "D",
        companyId: company,
        ownerId: o,
        source: pick(["Web", " ", "Ads"]),
        ...amount,
        ...forecast,
      });
      made.deals.push(d.id);
    };
    const createActivity = async () => {
      const kind = pick(["call", "email", "meeting", "note", "sms"]);
      const links =
        made.contacts.length && rnd() < 0.6
          ? { links: [{ entity: "contacts", id: pick(made.contacts) }] }
          : {};
      const body: Record<string, unknown> = {
        ...links,
        kind,
        ownerId: owner(),
        occurredAt: daysAgo(Math.floor(rnd() * 40), Math.floor(rnd() * 24)).toISOString(),
      };
      if (kind === "call")
        Object.assign(body, {
          direction: pick(["in", "out"]),
          durationSeconds: Math.floor(rnd() * 600),
          outcome: pick(["reached", "noAnswer"]),
        });
      if (kind === "email") Object.assign(body, { direction: pick(["in", "out"]), subject: "Hi" });
      if (kind === "note") body.body = "Note";
      if (kind === "sms") Object.assign(body, { direction: "out", to: "+79161234567", body: "Hi" });
      if (kind === "meeting") Object.assign(body, { subject: "Meet", startsAt: body.occurredAt });
      // A link to a contact deleted meanwhile is refused (422 link_not_found): the step is skipped.
      const res = await call("POST", "/api/v1/activities", body);
      if (res.statusCode === 422 && res.json().code === "link_not_found") return;
      expect(res.statusCode, res.body).toBe(201);
      made.activities.push(res.json().id);
    };
    const createTask = async () => {
      const task = await ok("POST", "/api/v1/tasks", { title: "T", ownerId: owner() });
      made.tasks.push(task.id);
    };
    const createContact = async () => {
      const c = await ok("POST", "/api/v1/contacts", {
        firstName: "C",
        ownerId: owner(),
        source: pick(["Web", "Ads", ""]),
      });
      made.contacts.push(c.id);
    };
    // Records before the first build, spread over 40 days (backdated in SQL: the build reads the tables).
    for (let i = 0; i < 6; i++) await createContact();
    for (let i = 0; i < 8; i++) await createDeal();
    for (let i = 0; i < 16; i++) await createActivity();
    for (let i = 0; i < 4; i++) await createTask();
    for (const id of made.deals)
      await sql`update deals set created_at = ${daysAgo(Math.floor(rnd() * 40), Math.floor(rnd() * 24))} where id = ${id}`.execute(
        t.db,
      );
    for (const id of made.contacts)
      await sql`update contacts set created_at = ${daysAgo(Math.floor(rnd() * 40), 3)} where id = ${id}`.execute(
        t.db,
      );
    await t.relay.drain("analytics.rollups"); // before the build: taken and ignored
    expect(await rollupsPending(t.db)).toBe(true);
    expect(await buildRollups(t.db)).toEqual(["America/New_York", "Asia/Almaty", "UTC"]);
    expect(await rollupsPending(t.db)).toBe(false);
    await consistent();

    const ops: Array<() => Promise<unknown>> = [
      createDeal,
      createActivity,
      createTask,
      createContact,
      () =>
        call("POST", `/api/v1/deals/${pick(made.deals)}/move`, {
          stageId: pick(stages),
          lostReason: "Price",
        }),
      () =>
        call("POST", `/api/v1/deals/${pick(made.deals)}/move`, {
          stageId: pick(stages),
          lostReason: "Price",
        }),
      () => call("PATCH", `/api/v1/deals/${pick(made.deals)}`, { ownerId: owner() }),
      () =>
        call("PATCH", `/api/v1/deals/${pick(made.deals)}`, {
          amount: "77.00",
          currency: "RUB",
          source: "Ads",
        }),
      () =>
        call("PATCH", `/api/v1/deals/${pick(made.deals)}`, {
          expectedCloseDate: daysAgo(-Math.floor(rnd() * 90), 0)
            .toISOString()
            .slice(0, 10),
          probability: Math.floor(rnd() * 100),
        }),
      () => call("DELETE", `/api/v1/deals/${pick(made.deals)}`),
      () => call("POST", `/api/v1/deals/${pick(made.deals)}/restore`),
      () =>
        call("PATCH", `/api/v1/activities/${pick(made.activities)}`, {
          occurredAt: daysAgo(Math.floor(rnd() * 40), 23).toISOString(),
        }),
      () => call("PATCH", `/api/v1/activities/${pick(made.activities)}`, { ownerId: owner() }),
      () => call("DELETE", `/api/v1/activities/${pick(made.activities)}`),
      () => call("DELETE", `/api/v1/activities/${pick(made.activities)}`),
      () =>
        call("PATCH", `/api/v1/activities/${pick(made.activities)}`, {
          links: [{ entity: "contacts", id: pick(made.contacts) }],
        }),
      () => call("POST", `/api/v1/tasks/${pick(made.tasks)}/complete`, {}),
      () => call("PATCH", `/api/v1/tasks/${pick(made.tasks)}`, { status: "open" }),
      () => call("PATCH", `/api/v1/tasks/${pick(made.tasks)}`, { ownerId: owner() }),
      () => call("PATCH", `/api/v1/contacts/${pick(made.contacts)}`, { ownerId: owner() }),
      () => call("DELETE", `/api/v1/contacts/${pick(made.contacts)}`),
    ];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 25; i++) await pick(ops)();
      await consistent();
    }
    // Time in stage through the histogram and the funnel through the per-day counts (every owner) = the records,
    // in zones whose days
    // are not UTC days (partial days read from the stays), short and long periods, with a pipeline filter; a deal
    // that left the same stage twice in the period counts once among the deals.
    const twice = made.deals[0] as string;
    for (const stage of [stages[1], stages[2], stages[1], stages[2], stages[3]])
      await call("POST", `/api/v1/deals/${twice}/move`, { stageId: stage, lostReason: "Price" });
    await t.relay.drain("analytics.rollups");
    const repeats = await sql<{ n: number }>`
      select count(*)::int as n from analytics_stage_stays where repeat_of is not null`.execute(t.db);
    expect(repeats.rows[0]?.n).toBeGreaterThan(0);
    const admin = (await actorForUser(t.db, ids.admin as string)) as Actor;
    const pipelineId = (
      await sql<{ p: string }>`select pipeline_id as p from deals where id = ${twice}`.execute(t.db)
    ).rows[0]?.p;
    const fromDays = ROLLUP_WIDGETS.filter((w) => ["sales.time-in-stage", "sales.funnel"].includes(w.id));
    // (UTC last: the admin's zone as before.)
    for (const zone of ["Asia/Kolkata", "America/New_York", "UTC"]) {
      await sql`update users set time_zone = ${zone} where id = ${ids.admin}`.execute(t.db);
      for (const q of [{}, { from: isoDay(daysAgo(3, 0)) }, { from: isoDay(daysAgo(30, 0)), pipelineId }]) {
        const filters = await resolveFilters(t.db, admin, q);
        const ctx = {
          db: t.db,
          actor: admin,
          filters,
          visible: () => true,
          communicationSources: [activityCommunications],
          workspaceCurrency: "RUB",
        };
        for (const w of fromDays) {
          const fromRollup = await w.run({ ...ctx, rollup: await rollupView(t.db, "UTC") });
          const direct = await w.run({ ...ctx, rollup: null });
          expect(fromRollup.rows, `${w.id} ${zone} ${JSON.stringify(q)}`).toEqual(direct.rows);
          expect(direct.rows.length).toBeGreaterThan(0);
        }
      }
    }
    const responded = await sql<{ n: number }>`
      select count(*)::int as n from analytics_lead_responses where responded_at is not null`.execute(t.db);
    expect(responded.rows[0]?.n).toBeGreaterThan(0);
    for (const id of ["sales.funnel", "sales.forecast", "sales.time-in-stage"])
      expect(answered).toContain(id);
  }, 120_000);

  it("reads within the viewer's scope: a manager's team figures are the sum over the team's owners", async () => {
    const head = (await actorForUser(t.db, ids.head as string)) as Actor;
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/analytics/team-performance",
      headers: h.head,
    });
    expect(res.statusCode, res.body).toBe(200);
    const users = res.json().rows.map((r: { user: string }) => r.user);
    expect(new Set(users)).toEqual(new Set([ids.head, ids.anna, ids.boris]));
    const sergei = await t.app.inject({
      method: "GET",
      url: "/api/v1/analytics/activity-monitoring/teams",
      headers: h.sergei,
    });
    const teams = new Set(sergei.json().rows.map((r: { team: string }) => r.team));
    expect(teams.size).toBeLessThanOrEqual(1);
    // The team head's activity counts from the rollups = the records of the North team's owners only, over the
    // same period the widget reads (from that day to the end of today in the head's zone: the data has some
    // activities later today and tomorrow, so a bound of "now" would depend on the hour the test runs).
    const from = isoDay(daysAgo(41, 0));
    const period = await resolveFilters(t.db, head, { from });
    const direct = await sql<{ n: number }>`
      select count(*)::int as n from activities a join users u on u.id = a.owner_id
      where a.deleted_at is null and a.kind in ('call', 'email', 'sms', 'meeting') and u.team_id = ${head.teamId}
        and a.occurred_at >= ${period.from} and a.occurred_at < ${period.to}`.execute(t.db);
    const all = await t.app.inject({
      method: "GET",
      url: `/api/v1/analytics/activity-monitoring?from=${from}&bucket=month`,
      headers: h.head,
    });
    expect(all.json().exact).toBe(true);
    const counted = all.json().rows.reduce((s: number, r: { count: number }) => s + r.count, 0);
    expect(counted).toBe(direct.rows[0]?.n);
    expect(hiddenFields(head, "activities").size).toBe(0);
  });

  it("says 'as of' while changes wait, catches up, and a failed batch or build leaves nothing behind", async () => {
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
    const deal = (
      await sql<{ id: string }>`select id from deals where deleted_at is null limit 1`.execute(t.db)
    ).rows[0];
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
