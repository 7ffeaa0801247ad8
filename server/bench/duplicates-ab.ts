/**
 * A/B of an own/team duplicates page on a kept data set (`npm run bench -- --keep DIR`), same data, alternating:
 * `npx tsx bench/duplicates-ab.ts DIR [rounds] [pages]` — the sales manager's (team scope) pages of 50 contact
 * groups through `findDuplicateGroups`, `keys` (the readable owners' keys grouped: the query before the walk,
 * `walkBudget: 0`) against `walk` (the shared groups walked, the team checked per group), one at a time and ten at
 * once (each of the ten a whole request); then the administrator's page for scale. Checks both give the same
 * pages. Starts the kept PostgreSQL and migrates it (the migration's time is printed).
 */
import { sql } from "kysely";
import { modules } from "../src/modules/index.js";
import { findDuplicateGroups } from "../src/modules/merge/duplicates.js";
import type { Actor } from "../src/platform/access/actor.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { actorForUser } from "../src/platform/records/actor.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { keptDatabase } from "./database.js";
import { benchId } from "./generators/types.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: npx tsx bench/duplicates-ab.ts DIR [rounds] [pages]");
const rounds = Number(process.argv[3] ?? 5);
const pageCount = Number(process.argv[4] ?? 1);
installEntities(modules);
installChangeEvents(modules);
const database = await keptDatabase(dir, console.log);
const db = createDb(createPool(database.url, 12));
try {
  const t0 = performance.now();
  await migrateToLatest(db as never);
  console.log(`migrations: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const ids = (
    await sql<{ a: string; m: string }>`select ${sql.raw(benchId("users", "1"))}::text as a,
      ${sql.raw(benchId("users", "2"))}::text as m`.execute(db)
  ).rows[0];
  if (!ids) throw new Error("no bench users");
  const manager = (await actorForUser(db as never, ids.m)) as Actor;
  const admin = (await actorForUser(db as never, ids.a)) as Actor;
  console.log(`manager: ${manager.teamUserIds?.length ?? 0} team users`);
  const request = async (actor: Actor, walkBudget?: number) => {
    const pages = [];
    let cursor: string | undefined;
    for (let i = 0; i < pageCount; i++) {
      const p = await findDuplicateGroups(db as never, actor, "contacts", { limit: 50, cursor, walkBudget });
      pages.push(p);
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    return pages;
  };
  const same =
    JSON.stringify(await request(manager, 0)) === JSON.stringify(await request(manager, undefined));
  const first = (await request(manager))[0];
  console.log(
    `same pages: ${same}; first page ${first?.items.length} groups, cursor ${first?.nextCursor ? "yes" : "no"}`,
  );
  const timed = async (f: () => Promise<unknown>) => {
    const s = performance.now();
    await f();
    return performance.now() - s;
  };
  const q = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
  const sides = { keys: 0, walk: undefined } as const;
  const one: Record<string, number[]> = { keys: [], walk: [], admin: [] };
  const ten: Record<string, number[]> = { keys: [], walk: [] };
  const tenWall: Record<string, number[]> = { keys: [], walk: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [side, budget] of Object.entries(sides)) {
      for (let i = 0; i < 3; i++) one[side]?.push(await timed(() => request(manager, budget)));
      const s = performance.now();
      const each = await Promise.all(Array.from({ length: 10 }, () => timed(() => request(manager, budget))));
      tenWall[side]?.push(performance.now() - s);
      ten[side]?.push(...each);
    }
    for (let i = 0; i < 3; i++) one.admin?.push(await timed(() => request(admin)));
  }
  const f = (x: number) => x.toFixed(1);
  for (const side of ["keys", "walk"]) {
    const a = one[side] ?? [];
    const b = ten[side] ?? [];
    console.log(
      `${side}\t1 at a time p50 ${f(q(a, 0.5))} p95 ${f(q(a, 0.95))} ms (${a.length})\t10 at once p50 ${f(q(b, 0.5))} p95 ${f(q(b, 0.95))} ms, batch wall p50 ${f(q(tenWall[side] ?? [], 0.5))} ms (${b.length})`,
    );
  }
  const a = one.admin ?? [];
  console.log(`admin\t1 at a time p50 ${f(q(a, 0.5))} p95 ${f(q(a, 0.95))} ms (${a.length})`);
} finally {
  await db.destroy();
  await database.dispose();
}
