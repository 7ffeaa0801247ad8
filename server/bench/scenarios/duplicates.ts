import { findDuplicateGroups } from "../../src/modules/merge/duplicates.js";
import type { Database } from "../../src/platform/db/database.js";
import { serviceFloor } from "../capture.js";
import type { BenchContext, Case, Metric, Scenario } from "./types.js";

/** Issue 11 item 15: the first page of groups (or "none") p95 < 1 s at 1M contacts. */
const TARGET = { p95Ms: 1000 };
/** Walking every group stops here (reported as incomplete): the target is minutes, not hours. */
const WALK_BUDGET_MS = 300_000;

interface Page {
  items: { reason: string; ids: string[] }[];
  nextCursor: string | null;
}

async function firstPageCase(
  ctx: BenchContext,
  name: string,
  entity: string,
  as: { userId: string; headers: Record<string, string> },
): Promise<Case> {
  const floor = await serviceFloor(
    ctx.pool,
    ctx.db,
    as.userId,
    (db, rctx) => findDuplicateGroups(db as Database, rctx.actor, entity as never, { limit: 50 }),
    { transaction: false },
  );
  return {
    name,
    request: { path: `/api/v1/duplicates?entity=${entity}&limit=50`, headers: as.headers },
    sql: floor,
    target: TARGET,
  };
}

/** Follows the cursor from the first page to the last (or the budget): pages, groups, seconds. */
async function walk(ctx: BenchContext, entity: string, headers: Record<string, string>) {
  const started = Date.now();
  let cursor: string | null = null;
  let pages = 0;
  let groups = 0;
  let emptyWithCursor = 0;
  do {
    const q = new URLSearchParams({ entity, limit: "200", ...(cursor ? { cursor } : {}) });
    const page: Page = await ctx.fetchJson<Page>(`/api/v1/duplicates?${q}`, headers);
    pages++;
    groups += page.items.length;
    if (page.items.length === 0 && page.nextCursor) emptyWithCursor++;
    cursor = page.nextCursor;
  } while (cursor && Date.now() - started < WALK_BUDGET_MS);
  return { pages, groups, emptyWithCursor, seconds: (Date.now() - started) / 1000, complete: !cursor };
}

/**
 * `GET /api/v1/duplicates`: the first page of contact groups as the administrator and as a sales manager (team
 * scope), the first page of company groups (the generated companies have no duplicates: "none"), and the time
 * to walk every contact group page by page (limit 200), as the administrator and as the sales manager. The runner
 * measures each first page at 1 and N connections (`--connections`, 10: ten managers at once).
 */
export const duplicates: Scenario = {
  name: "duplicates",
  unavailable: (ctx) => {
    if (!ctx.routes.has("GET /api/v1/duplicates")) return "GET /api/v1/duplicates does not exist";
    return (ctx.rows.contacts ?? 0) > 0 ? null : "no contacts loaded";
  },
  prepare: async (ctx) => {
    const admin = { userId: ctx.adminId, headers: ctx.auth };
    const manager = { userId: ctx.ownerId, headers: ctx.managerAuth };
    const cases = [
      await firstPageCase(ctx, "duplicates contacts first page", "contacts", admin),
      await firstPageCase(ctx, "duplicates contacts first page as sales manager", "contacts", manager),
    ];
    if ((ctx.rows.companies ?? 0) > 0)
      cases.push(await firstPageCase(ctx, "duplicates companies first page", "companies", admin));
    return cases;
  },
  measure: async (ctx): Promise<Metric[]> => {
    const first = await ctx.fetchJson<Page>("/api/v1/duplicates?entity=contacts&limit=50", ctx.auth);
    ctx.log(
      `duplicates: first contacts page ${first.items.length} groups, next cursor ${first.nextCursor ? "yes" : "no"}`,
    );
    const all = await walk(ctx, "contacts", ctx.auth);
    const note = `${all.pages} pages, ${all.groups} groups, ${all.emptyWithCursor} empty pages with a cursor${all.complete ? "" : `, stopped after ${WALK_BUDGET_MS / 1000} s`}`;
    ctx.log(`duplicates: walk ${note}`);
    // The sales manager's walk (team scope): the groups the team shares, each page checked per group.
    const mine = await walk(ctx, "contacts", ctx.managerAuth);
    const mineNote = `${mine.pages} pages, ${mine.groups} groups, ${mine.emptyWithCursor} empty pages with a cursor${mine.complete ? "" : `, stopped after ${WALK_BUDGET_MS / 1000} s`}`;
    ctx.log(`duplicates: walk as sales manager ${mineNote}`);
    return [
      {
        name: "duplicates: walk every contact group as sales manager (limit 200)",
        value: Math.round(mine.seconds * 10) / 10,
        unit: "s",
        note: mineNote,
      },
      {
        name: "duplicates: walk every contact group (limit 200)",
        value: Math.round(all.seconds * 10) / 10,
        unit: "s",
        note,
      },
      { name: "duplicates: contact groups found by the walk", value: all.groups, unit: "groups", note },
    ];
  },
};
