import { modules } from "../../src/modules/index.js";
import { globalSearch, searchTypes } from "../../src/modules/search/service.js";
import type { Database } from "../../src/platform/db/database.js";
import { installEntities } from "../../src/platform/records/catalog.js";
import { serviceFloor } from "../capture.js";
import { benchId } from "../generators/types.js";
import type { BenchContext, Case, Scenario } from "./types.js";

const TARGET = { p95Ms: 100, ratio: 1.5 };

/** One search request (all types, as the global search box asks) and its floor: the providers' SQL. */
async function searchCase(ctx: BenchContext, name: string, q: string): Promise<Case> {
  const entities = installEntities(modules);
  const input = { q, types: searchTypes(entities), limit: 10 };
  const floor = await serviceFloor(
    ctx.pool,
    ctx.db,
    ctx.adminId,
    (db, rctx) => globalSearch(db as Database, entities, rctx.actor, input),
    { transaction: false },
  );
  return {
    name,
    request: { path: `/api/v1/search?q=${encodeURIComponent(q)}`, headers: ctx.auth },
    // globalSearch opens its own transaction (the threshold is set with set_config(…, true)).
    sql: { ...floor, transaction: true },
    target: TARGET,
  };
}

/**
 * Global search over companies, contacts and deals (ported from search.bench.test.ts): a partial surname, a
 * surname with a typo, and phone fragments as people type them ("345-67", seven digits) taken from a real row.
 */
export const search: Scenario = {
  name: "search",
  unavailable: (ctx) => {
    if (!ctx.routes.has("GET /api/v1/search")) return "GET /api/v1/search does not exist";
    return (ctx.rows.contacts ?? 0) > 0 ? null : "no contacts loaded";
  },
  prepare: async (ctx) => {
    const row = Math.max(1, Math.floor((ctx.rows.contacts ?? 1) / 3));
    const phone = await ctx.pool.query<{ digits: string }>(
      `select phone_digits as digits from contacts where id = ${benchId("contacts", "$1::int")}`,
      [row],
    );
    const cases = [
      await searchCase(ctx, "search partial surname 'kuzne'", "kuzne"),
      await searchCase(ctx, "search typo 'Kuznetsof'", "Kuznetsof"),
    ];
    const d = phone.rows[0]?.digits;
    if (d && d.length >= 10) {
      // "7 912 345 67 89": the middle of the national number, as typed from a note.
      const dashed = `${d.slice(4, 7)}-${d.slice(7, 9)}`;
      const seven = d.slice(1, 8);
      cases.push(await searchCase(ctx, `search phone fragment '${dashed}'`, dashed));
      cases.push(await searchCase(ctx, `search phone fragment '${seven}'`, seven));
    } else ctx.log("search: contacts have no phone digits; phone cases left out");
    return cases;
  },
};
