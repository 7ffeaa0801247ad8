import { listContactsPage } from "../../src/modules/contacts/service.js";
import { entityListQuery } from "../../src/platform/query/schemas.js";
import { serviceFloor } from "../capture.js";
import type { BenchContext, Case, Scenario } from "./types.js";

const DEEP_PAGE = 20;
const TARGET = { p95Ms: 50, ratio: 1.5 };

interface Page {
  items: { id: string; name: string }[];
  nextCursor: string | null;
}

/** The list request and its floor: the SQL listContactsPage sends for the same query, as the same user. */
async function listCase(
  ctx: BenchContext,
  name: string,
  query: Record<string, string>,
  as: { userId: string; headers: Record<string, string> },
): Promise<Case> {
  const params = new URLSearchParams(query).toString();
  const parsed = entityListQuery.parse(query);
  // The route runs on the pool (no transaction), so the floor does too.
  const sql = await serviceFloor(
    ctx.pool,
    ctx.db,
    as.userId,
    (db, rctx) => listContactsPage(db, rctx, { ...parsed, deleted: false }),
    { transaction: false },
  );
  return { name, request: { path: `/api/v1/contacts?${params}`, headers: as.headers }, sql, target: TARGET };
}

/** Walks the cursor to page `n`; returns that page's cursor (null when there are fewer pages). */
async function cursorOfPage(ctx: BenchContext, query: Record<string, string>, n: number) {
  let page = await ctx.fetchJson<Page>(`/api/v1/contacts?${new URLSearchParams(query)}`);
  let cursor: string | null = null;
  let pageNo = 1;
  while (pageNo < n && page.nextCursor) {
    cursor = page.nextCursor;
    page = await ctx.fetchJson<Page>(`/api/v1/contacts?${new URLSearchParams({ ...query, cursor })}`);
    pageNo++;
  }
  return { cursor, pageNo };
}

/**
 * The contacts list filtered by owner AND a custom field (the `segment` select, served by its expression
 * index) and sorted by name: the first page (with the capped total) and a deep page by cursor; also the
 * first page without the owner filter as the administrator and as a sales manager (team scope).
 */
export const contactsList: Scenario = {
  name: "contacts-list",
  unavailable: (ctx) => {
    if (!ctx.routes.has("GET /api/v1/contacts")) return "GET /api/v1/contacts does not exist";
    if (!ctx.records.customFields.segment) return "no contact custom fields defined";
    return (ctx.rows.contacts ?? 0) > 0 ? null : "no contacts loaded";
  },
  prepare: async (ctx) => {
    const filter = JSON.stringify({
      and: [
        { field: "ownerId", op: "eq", value: ctx.ownerId },
        { field: "custom.segment", op: "eq", value: ctx.records.customFields.segment },
      ],
    });
    const query = { limit: "50", sort: "name", filter };
    const admin = { userId: ctx.adminId, headers: ctx.auth };
    const cases = [await listCase(ctx, "contacts owner+segment by name (first page)", query, admin)];
    const deep = await cursorOfPage(ctx, query, DEEP_PAGE);
    if (deep.cursor) {
      cases.push(
        await listCase(
          ctx,
          `contacts owner+segment by name (page ${deep.pageNo} by cursor)`,
          { ...query, cursor: deep.cursor },
          admin,
        ),
      );
    } else ctx.log(`contacts-list: fewer than 2 pages match; no deep page case`);
    const segmentOnly = JSON.stringify({
      field: "custom.segment",
      op: "eq",
      value: ctx.records.customFields.segment,
    });
    // The same query as the administrator (scope all), so each scope reads against the admin's time.
    cases.push(
      await listCase(
        ctx,
        "contacts segment by name as administrator (first page)",
        { limit: "50", sort: "name", filter: segmentOnly },
        admin,
      ),
    );
    cases.push(
      await listCase(
        ctx,
        "contacts segment by name as sales manager (team scope, first page)",
        { limit: "50", sort: "name", filter: segmentOnly },
        { userId: ctx.ownerId, headers: ctx.managerAuth },
      ),
    );
    return cases;
  },
};
