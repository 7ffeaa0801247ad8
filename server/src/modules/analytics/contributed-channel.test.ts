import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { ownerScope } from "../../platform/access/scope.js";
import type { CommunicationRow, CommunicationSource } from "../../platform/analytics/widget.js";
import type { AppModule } from "../../platform/http/types.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { modules } from "../index.js";
import { createAnalyticsModule } from "./module.js";

type Drill = { entity: string; filter: object } | null;
interface Result {
  rows: Record<string, string | number | null>[];
  drillDown?: Drill[];
}

/**
 * A channel another module contributes (`AppModule.analytics.communicationChannels`) drills down through the same
 * mechanism as the activities' own: its source says the list conditions of its entity. Here a module counts
 * call tasks as outbound "visits"; per role, each activity-monitoring row of the channel lists exactly its count,
 * and only records the viewer may read.
 */
const visits: CommunicationSource = {
  channels: ["visit"],
  entity: "tasks",
  async query(db, q) {
    const r = await sql<CommunicationRow>`
      select to_char(date_trunc(${q.bucket}, t.created_at at time zone ${q.timeZone}), 'YYYY-MM-DD') as bucket,
        'visit' as channel, t.owner_id, 'outbound' as direction, count(*)::int as count
      from tasks t
      where t.deleted_at is null and t.type = 'call' and t.created_at >= ${q.from} and t.created_at < ${q.to}
        and ${ownerScope(q.actor, "tasks", "read", "t.owner_id")} and ${q.owners("t.owner_id")}
      group by 1, 3`.execute(db);
    return r.rows;
  },
  drill: ({ direction }, { from, to }) =>
    direction === "outbound"
      ? [
          { field: "type", op: "eq", value: "call" },
          { field: "createdAt", op: "gte", value: from.toISOString() },
          { field: "createdAt", op: "lt", value: to.toISOString() },
        ]
      : null,
};
const visitsModule: AppModule = { name: "visits", analytics: { communicationChannels: [visits] } };
const loaded: AppModule[] = [
  ...modules.filter((m) => m.name !== "analytics"),
  createAnalyticsModule(() => loaded),
  visitsModule,
];

describe("drill-down of a channel another module contributes", () => {
  const t = useTestContext({ modules: loaded });
  const h: Record<string, Record<string, string>> = {};

  const get = async <T>(who: string, url: string): Promise<T> => {
    const res = await t.app.inject({ method: "GET", url, headers: h[who] });
    expect(res.statusCode, `${url} ${res.body}`).toBe(200);
    return res.json() as T;
  };

  beforeAll(async () => {
    const north = await createTeam(t.db, "North");
    const south = await createTeam(t.db, "South");
    for (const [k, u] of Object.entries({
      admin: await createUser(t.db, { roleKey: "admin", name: "Admin" }),
      head: await createUser(t.db, { roleKey: "head_of_sales", teamId: north.id, name: "Head" }),
      anna: await createUser(t.db, { roleKey: "sales_manager", teamId: north.id, name: "Anna" }),
      boris: await createUser(t.db, { roleKey: "sales_manager", teamId: north.id, name: "Boris" }),
      sergei: await createUser(t.db, { roleKey: "sales_manager", teamId: south.id, name: "Sergei" }),
    })) {
      h[k] = await tokenHeaders(t.db, u.id);
    }
    for (const [who, n] of [
      ["anna", 3],
      ["boris", 2],
      ["sergei", 1],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const res = await t.app.inject({
          method: "POST",
          url: "/api/v1/tasks",
          headers: h[who],
          payload: { title: `Visit ${i}`, type: "call" },
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      // A task of another type is not a visit.
      await t.app.inject({
        method: "POST",
        url: "/api/v1/tasks",
        headers: h[who],
        payload: { title: "Todo" },
      });
    }
    await t.relay.drain("analytics.data-version");
  });

  it.each([
    ["admin", 6],
    ["head", 5],
    ["anna", 3],
    ["sergei", 1],
  ])("lists exactly the records of each visits row, within %s's scope", async (who, total) => {
    let counted = 0;
    for (const url of [
      "/api/v1/analytics/activity-monitoring",
      "/api/v1/analytics/activity-monitoring/teams",
    ]) {
      const r = await get<Result>(who, url);
      const rows = r.rows
        .map((row, i) => ({ row, drill: r.drillDown?.[i] }))
        .filter((x) => x.row.channel === "visit");
      let sum = 0;
      for (const { row, drill } of rows) {
        if (!drill && url.endsWith("/teams") && row.team === null) continue;
        expect(drill, `${url} ${JSON.stringify(row)}`).toMatchObject({ entity: "tasks" });
        if (!drill) continue;
        const q = encodeURIComponent(JSON.stringify(drill.filter));
        const { items } = await get<{ items: { id: string; type: string }[] }>(
          who,
          `/api/v1/tasks?limit=200&filter=${q}`,
        );
        expect(items.length, `${url} ${JSON.stringify(row)}`).toBe(row.count);
        for (const item of items) {
          expect(item.type).toBe("call");
          await get(who, `/api/v1/tasks/${item.id}`); // readable by the viewer
        }
        sum += Number(row.count);
      }
      if (url.endsWith("monitoring")) counted = sum;
    }
    expect(counted).toBe(total);
  });
});
