import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { readableRecordIds } from "../tasks/record-links.js";
import { activityLinksOf } from "./repository.js";
import { ensureCrmEntities, insertCompany, insertContact, linkContactToCompany } from "./test-records.js";
import { timeline, timelineQuery } from "./timeline.js";

/**
 * Timeline latency at scale: 2M activities on one contact. Opt-in (minutes of data loading):
 * `TANDEM_BENCH=1 npx vitest run src/modules/activities/timeline.bench.test.ts`.
 */
const ROWS = Number(process.env.TANDEM_BENCH_ROWS ?? 2_000_000);

describe.runIf(process.env.TANDEM_BENCH)("timeline at scale", () => {
  const t = useTestContext();
  let headers: { authorization: string };
  let contact: string;
  let company: string;
  let actorOf: Actor;

  beforeAll(async () => {
    ensureCrmEntities();
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    headers = await tokenHeaders(t.db, u.id);
    actorOf = {
      userId: u.id,
      teamId: null,
      roleId: u.role_id,
      permissions: { activities: { read: "own" }, contacts: { read: "all" }, companies: { read: "all" } },
      fieldRules: {},
      adminPermissions: new Set(),
      readOnly: false,
      sessionId: null,
      apiTokenId: null,
    };
    contact = await insertContact(t.db, u.id, { name: "Busy contact" });
    company = await insertCompany(t.db, u.id, { name: "Busy company" });
    await linkContactToCompany(t.db, contact, company);
    for (let i = 0; i < 20; i++) {
      const other = await insertContact(t.db, u.id, { name: `Colleague ${i}` });
      await linkContactToCompany(t.db, other, company);
    }
    await sql`insert into activities (kind, occurred_at, body, owner_id, created_by)
      select 'note', now() - g * interval '1 second', 'n', ${u.id}, ${u.id} from generate_series(1, ${ROWS}) g`.execute(
      t.db,
    );
    await sql`insert into activity_links (activity_id, entity, record_id, occurred_at)
      select id, 'contacts', ${contact}, occurred_at from activities`.execute(t.db);
    await sql`analyze activities`.execute(t.db);
    await sql`analyze activity_links`.execute(t.db);
  }, 1_800_000);

  const p95 = async (url: string, runs = 200) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const res = await t.app.inject({ method: "GET", url, headers });
      times.push(performance.now() - start);
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toHaveLength(50);
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(runs * 0.5)], p95: times[Math.floor(runs * 0.95)] };
  };

  it("serves the first 50 items of a contact and of its company fast", async () => {
    const plan = await sql<{
      "QUERY PLAN": string;
    }>`explain (analyze, buffers) ${timelineQuery(actorOf, "contacts", contact, { limit: 50 })}`.execute(
      t.db,
    );
    console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
    const direct: number[] = [];
    for (let i = 0; i < 50; i++) {
      const s0 = performance.now();
      await timeline(
        t.db,
        { actor: actorOf, requestId: "bench", ip: null, userAgent: null },
        "contacts",
        contact,
        { limit: 50 },
      );
      direct.push(performance.now() - s0);
    }
    direct.sort((a, b) => a - b);
    const steps: Record<string, number> = {};
    const time = async (name: string, f: () => Promise<unknown>) => {
      const s0 = performance.now();
      for (let i = 0; i < 20; i++) await f();
      steps[name] = (performance.now() - s0) / 20;
    };
    const page = await timelineQuery(actorOf, "contacts", contact, { limit: 50 }).execute(t.db);
    const ids = page.rows.map((r) => r.activity_id);
    await time("readable", () => readableRecordIds(t.db, actorOf, "contacts", [contact]));
    await time("query", () => timelineQuery(actorOf, "contacts", contact, { limit: 50 }).execute(t.db));
    await time("rows", () => t.db.selectFrom("activities").selectAll().where("id", "in", ids).execute());
    await time("links", () => activityLinksOf(t.db, ids));
    console.log(`direct service p50 ${direct[25]?.toFixed(1)} ms; steps ${JSON.stringify(steps)}`);
    const c = await p95(`/api/v1/timeline/contacts/${contact}?limit=50`);
    const co = await p95(`/api/v1/timeline/companies/${company}?limit=50`);
    console.log(
      `timeline ${ROWS} activities — contact p50 ${c.p50?.toFixed(1)} ms p95 ${c.p95?.toFixed(1)} ms; company p50 ${co.p50?.toFixed(1)} ms p95 ${co.p95?.toFixed(1)} ms`,
    );
    expect(c.p95).toBeLessThan(50);
    expect(co.p95).toBeLessThan(50);
  }, 600_000);
});
