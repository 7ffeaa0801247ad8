/**
 * A/B of the task and activity lists on a kept data set (`npm run bench -- --keep DIR`), issue 10 item 20:
 * `npx tsx bench/lists-ab.ts DIR [rounds] [--no-migrate]` — the first page (limit 50, capped total) of each task
 * view and of the activity list, as the administrator (all scope) and as a sales manager (team scope), read
 * `plain` (`owner_id = any($ids)` over the table's order: the sort fields' `ownerIndexed` switched off) and `walk`
 * (the per-owner merge, `platform/query/scoped-list.ts`), alternating. Prints per case the wall time of the
 * service call (p50/p95 over `rounds`, one at a time) and the PostgreSQL execution time and buffers of its
 * slowest statement (EXPLAIN ANALYZE), and checks that both forms give the same page. `--no-migrate` measures the
 * set as loaded (the plain form before the owner indexes existed); otherwise it migrates first and prints the time.
 */
import { sql } from "kysely";
import { ACTIVITY_FIELDS, activityListQuery, listActivities } from "../src/modules/activities/list.js";
import { CONTACT_FIELDS } from "../src/modules/contacts/fields.js";
import { exportColumns } from "../src/modules/exports/columns.js";
import { exportRecords } from "../src/modules/exports/records.js";
import { modules } from "../src/modules/index.js";
import { TASK_FIELDS } from "../src/modules/tasks/fields.js";
import { listTasks } from "../src/modules/tasks/list.js";
import { taskListQuery } from "../src/modules/tasks/schemas.js";
import type { RequestContext } from "../src/platform/access/actor.js";
import type { FieldMeta } from "../src/platform/access/fields.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { actorForUser } from "../src/platform/records/actor.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { captureSql } from "./capture.js";
import { keptDatabase } from "./database.js";
import { slowestStatement } from "./explain.js";
import { benchId } from "./generators/types.js";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const dir = args[0];
if (!dir) throw new Error("usage: npx tsx bench/lists-ab.ts DIR [rounds] [--no-migrate]");
const rounds = Number(args[1] ?? 30);
installEntities(modules);
installChangeEvents(modules);
const database = await keptDatabase(dir, console.log);
const pool = createPool(database.url, 12);
const db = createDb(pool);

/** The fields whose `ownerIndexed` the `plain` form switches off. */
const walked = [...TASK_FIELDS, ...ACTIVITY_FIELDS, ...CONTACT_FIELDS].filter((f) => f.ownerIndexed);
const declared = new Map<FieldMeta, FieldMeta["ownerIndexed"]>(walked.map((f) => [f, f.ownerIndexed]));
const setMode = (mode: "plain" | "walk") => {
  for (const [f, v] of declared) f.ownerIndexed = mode === "walk" ? v : undefined;
};

type Db = typeof db;
type Run = (d: Db, ctx: RequestContext) => Promise<{ items: { id: string }[] }>;
const cases: [string, Run][] = [
  ...(["all", "overdue", "upcoming", "done"] as const).map((view): [string, Run] => [
    `tasks ${view}`,
    (d, ctx) => listTasks(d as never, ctx, taskListQuery.parse({ view, limit: "50" })),
  ]),
  ["activities", (d, ctx) => listActivities(d as never, ctx, activityListQuery.parse({ limit: "50" }))],
];

try {
  if (!process.argv.includes("--no-migrate")) {
    const t0 = performance.now();
    await migrateToLatest(db as never);
    console.log(`migrations: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const ctxOf = async (n: string): Promise<RequestContext> => {
    const id = (await sql<{ id: string }>`select ${sql.raw(benchId("users", n))}::text as id`.execute(db))
      .rows[0];
    const actor = id && (await actorForUser(db as never, id.id));
    if (!actor) throw new Error(`no bench user ${n}`);
    return { actor, requestId: "lists-ab", ip: null, userAgent: null };
  };
  const own = await ctxOf("2");
  // The sales manager's role reads tasks/activities in its own scope; the team scope is that manager's team.
  const teamScope = (e: string) => ({ ...own.actor.permissions[e], read: "team" as const });
  const team = {
    ...own,
    actor: {
      ...own.actor,
      permissions: {
        ...own.actor.permissions,
        tasks: teamScope("tasks"),
        activities: teamScope("activities"),
      },
    },
  };
  console.log(
    `manager: scope tasks ${own.actor.permissions.tasks?.read}, team of ${own.actor.teamUserIds?.length}`,
  );
  const people: [string, RequestContext][] = [
    ["admin", await ctxOf("1")],
    ["manager (own)", own],
    ["manager (team)", team],
  ];
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1] ?? 0;
  if (process.argv.includes("--export")) {
    // A contacts export by name as the sales manager with the team's export scope: every batch of 1,000.
    const actor = {
      ...own.actor,
      permissions: {
        ...own.actor.permissions,
        contacts: { ...own.actor.permissions.contacts, export: "team" as const },
      },
    };
    const { fields } = await exportColumns(db as never, actor, "contacts");
    for (let r = 0; r < 2; r++) {
      for (const mode of ["plain", "walk"] as const) {
        setMode(mode);
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        let n = 0;
        for await (const _ of exportRecords(db as never, actor, "contacts", fields, { sort: "name" })) n++;
        const cpu = process.cpuUsage(c0);
        const ms = performance.now() - t0;
        console.log(
          `export contacts (team) ${mode}: ${n} rows in ${ms.toFixed(0)} ms (node CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)`,
        );
      }
    }
  }
  for (const [name, run] of cases) {
    if (process.argv.includes("--export-only")) break;
    for (const [who, ctx] of people) {
      const modes = who === "admin" ? (["plain"] as const) : (["plain", "walk"] as const);
      const wall: Record<string, number[]> = { plain: [], walk: [] };
      const pages: Record<string, string> = {};
      for (let r = 0; r < rounds; r++) {
        for (const mode of modes) {
          setMode(mode);
          const t0 = performance.now();
          const page = await run(db, ctx);
          wall[mode]?.push(performance.now() - t0);
          pages[mode] = JSON.stringify(page.items.map((i) => i.id));
        }
      }
      for (const mode of modes) {
        setMode(mode);
        const floor = await captureSql(pool, (d) => run(d as Db, ctx), { transaction: false });
        const worst = await slowestStatement(pool, floor);
        const buffers = worst?.plan.find((l) => l.includes("Buffers:"))?.trim() ?? "";
        const w = wall[mode] ?? [];
        console.log(
          `${name} ${who} ${mode}: wall p50 ${pct(w, 50).toFixed(1)} p95 ${pct(w, 95).toFixed(1)} ms | ` +
            `PostgreSQL ${worst?.ms.toFixed(1)} ms (${buffers})`,
        );
        if (process.argv.includes("--plans")) console.log(`  ${worst?.sql}\n  ${worst?.plan.join("\n  ")}`);
      }
      const n = JSON.parse(pages.plain ?? "[]").length;
      if (modes.length === 2) console.log(`  same page: ${pages.plain === pages.walk} (${n} rows)`);
      else console.log(`  ${n} rows`);
    }
  }
} finally {
  setMode("walk");
  await db.destroy();
  await database.dispose();
}
