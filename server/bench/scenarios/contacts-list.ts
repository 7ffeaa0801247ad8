import type { Case, Scenario } from "./types.js";

const DEEP_PAGE = 20;

interface Page {
  items: { id: string; name: string }[];
  nextCursor: string | null;
}

/** The contacts list filtered by owner and sorted by name: the first page and a deep page reached by cursor. */
export const contactsList: Scenario = {
  name: "contacts-list",
  unavailable: (ctx) => {
    if (!ctx.routes.has("GET /api/v1/contacts")) return "GET /api/v1/contacts does not exist";
    return (ctx.rows.contacts ?? 0) > 0 ? null : "no contacts loaded";
  },
  prepare: async (ctx) => {
    const filter = encodeURIComponent(JSON.stringify({ field: "ownerId", op: "eq", value: ctx.ownerId }));
    const base = `/api/v1/contacts?limit=50&sort=name&filter=${filter}`;
    const floor = (after: { name: string; id: string } | null) => ({
      text: `select * from contacts where owner_id = $1 and deleted_at is null
             ${after ? "and (name, id) > ($2, $3)" : ""} order by name, id limit 51`,
      values: after ? [ctx.ownerId, after.name, after.id] : [ctx.ownerId],
    });
    // The first page also counts the matches (capped at 10000), as the API does.
    const firstFloor = {
      text: `select *, (select count(*) from (select 1 from contacts where owner_id = $1 and deleted_at is null
             limit 10001) c) as total from contacts where owner_id = $1 and deleted_at is null
             order by name, id limit 51`,
      values: [ctx.ownerId],
    };
    const cases: Case[] = [
      {
        name: "GET /api/v1/contacts owner+name (first page)",
        request: { path: base, headers: ctx.auth },
        sql: firstFloor,
      },
    ];
    // Walk the cursor to a deep page; its SQL floor continues after the last row of the page before.
    let page = await ctx.fetchJson<Page>(base);
    let pageNo = 1;
    let cursor: string | null = null;
    let prevLast: { id: string; name: string } | null = null;
    while (pageNo < DEEP_PAGE && page.nextCursor) {
      cursor = page.nextCursor;
      prevLast = page.items.at(-1) ?? null;
      page = await ctx.fetchJson<Page>(`${base}&cursor=${encodeURIComponent(cursor)}`);
      pageNo++;
    }
    if (cursor && prevLast) {
      cases.push({
        name: `GET /api/v1/contacts owner+name (page ${pageNo} by cursor)`,
        request: { path: `${base}&cursor=${encodeURIComponent(cursor)}`, headers: ctx.auth },
        sql: floor(prevLast),
      });
    }
    return cases;
  },
};
