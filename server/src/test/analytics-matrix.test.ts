import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCompany } from "../modules/activities/test-records.js";
import { DEFAULT_ROLES } from "../modules/identity/default-roles.js";
import { scopeFor } from "../platform/access/actor.js";
import { isHidden } from "../platform/access/fields.js";
import { createTeam, createUser, type RoleKey, tokenHeaders } from "./auth.js";
import { useTestContext } from "./harness.js";
import { actorFor, OWNERS, type Owner, visible } from "./matrix-support.js";

type Row = Record<string, string | number | null>;
const sum = (key: string) => (rows: Row[]) => rows.reduce((s, r) => s + Number(r[key] ?? 0), 0);

/**
 * Every analytics widget route for every default role: the caller, a teammate and an outsider each own a won, a
 * lost and an open deal, a call and a target. Asked for one person's figures (`userId`), a widget answers some
 * figure exactly when that person's records are in the role's read scope of the widget's entity, and 403
 * `analytics_field_hidden` when the role hides a field the widget reads.
 */
const WIDGETS: {
  path: string;
  entity: string;
  fields: [string, string][];
  figure: (rows: Row[]) => number;
}[] = [
  { path: "sales/funnel", entity: "deals", fields: [], figure: (r) => Number(r[0]?.entered ?? 0) },
  { path: "sales/forecast", entity: "deals", fields: [["deals", "amount"]], figure: sum("deals") },
  { path: "sales/win-rate", entity: "deals", fields: [], figure: (r) => sum("won")(r) + sum("lost")(r) },
  { path: "sales/deal-size", entity: "deals", fields: [["deals", "amount"]], figure: sum("won") },
  { path: "sales/cycle", entity: "deals", fields: [], figure: sum("won") },
  { path: "sales/time-in-stage", entity: "deals", fields: [], figure: sum("count") },
  { path: "sales/lost-reasons", entity: "deals", fields: [["deals", "lostReason"]], figure: sum("count") },
  { path: "sales/won-revenue", entity: "deals", fields: [["deals", "amount"]], figure: sum("won") },
  { path: "sales/plan-fact", entity: "deals", fields: [["deals", "amount"]], figure: (r) => r.length },
  { path: "team-performance", entity: "deals", fields: [], figure: sum("dealsCreated") },
  { path: "activity-monitoring", entity: "activities", fields: [], figure: sum("count") },
  { path: "activity-monitoring/teams", entity: "activities", fields: [], figure: sum("count") },
  { path: "channels", entity: "deals", fields: [["deals", "source"]], figure: sum("deals") },
  { path: "channels/revenue", entity: "deals", fields: [["deals", "amount"]], figure: sum("won") },
];

describe("analytics authorization matrix", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let stages: { id: string; kind: string }[];

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: admin });
    stages = list.json().items.find((p: { isDefault: boolean }) => p.isDefault).stages;
  });

  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: "POST", url, headers: admin, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const nextMonth = () => {
    const d = new Date();
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 15)).toISOString().slice(0, 10);
  };

  /** A won, a lost and an open deal, a call and a target of this month, all owned by `ownerId`. */
  async function figuresOf(ownerId: string) {
    const companyId = await insertCompany(t.db, ownerId);
    const deal = (extra: object = {}) =>
      post("/api/v1/deals", {
        title: "Matrix",
        companyId,
        ownerId,
        amount: "100.00",
        currency: "RUB",
        source: "Matrix",
        ...extra,
      });
    const won = await deal();
    await post(`/api/v1/deals/${won.id}/move`, { stageId: stages.find((s) => s.kind === "won")?.id });
    const lost = await deal();
    await post(`/api/v1/deals/${lost.id}/move`, {
      stageId: stages.find((s) => s.kind === "lost")?.id,
      lostReason: "Price",
    });
    await deal({ expectedCloseDate: nextMonth() });
    await sql`insert into activities (kind, direction, owner_id, occurred_at) values ('call', 'out', ${ownerId}, now())`.execute(
      t.db,
    );
    await post("/api/v1/analytics/targets", {
      userId: ownerId,
      month: new Date().toISOString().slice(0, 7),
      amount: { amount: "1000", currency: "RUB" },
    });
  }

  for (const role of DEFAULT_ROLES) {
    it(`${role.key}: figures of exactly the people in its read scope`, async () => {
      const teamA = await createTeam(t.db, `A ${role.key}`);
      const teamB = await createTeam(t.db, `B ${role.key}`);
      const me = await createUser(t.db, { roleKey: role.key as RoleKey, teamId: teamA.id });
      const people: Record<Owner, string> = {
        self: me.id,
        team: (await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id })).id,
        other: (await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id })).id,
      };
      for (const owner of OWNERS) await figuresOf(people[owner]);
      await t.relay.drain("analytics.data-version");
      const headers = await tokenHeaders(t.db, me.id);
      const actor = actorFor(role);
      const failures: string[] = [];
      for (const w of WIDGETS) {
        const hidden = w.fields.some(([e, f]) => isHidden(actor, e, f));
        for (const owner of OWNERS) {
          const res = await t.app.inject({
            method: "GET",
            url: `/api/v1/analytics/${w.path}?userId=${people[owner]}`,
            headers,
          });
          if (hidden) {
            if (res.statusCode !== 403 || res.json().code !== "analytics_field_hidden")
              failures.push(`${w.path} (${owner}): ${res.statusCode}, expected 403 analytics_field_hidden`);
            continue;
          }
          if (res.statusCode !== 200) {
            failures.push(`${w.path} (${owner}): ${res.statusCode} ${res.body.slice(0, 200)}`);
            continue;
          }
          const expected = visible(scopeFor(actor, w.entity, "read"), owner, true);
          const got = w.figure(res.json().rows) > 0;
          if (got !== expected) failures.push(`${w.path} (${owner}): figures ${got}, expected ${expected}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
