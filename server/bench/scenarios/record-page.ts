import { timeline } from "../../src/modules/activities/timeline.js";
import { getContact } from "../../src/modules/contacts/service.js";
import { serviceFloor } from "../capture.js";
import type { BenchContext, Case, Scenario } from "./types.js";

const TARGET = { p95Ms: 50, ratio: 1.5 };

async function timelineCase(
  ctx: BenchContext,
  name: string,
  entity: string,
  id: string,
  as: { userId: string; headers: Record<string, string> },
): Promise<Case> {
  const path = `/api/v1/timeline/${entity}/${id}?limit=50`;
  const page = await ctx.fetchJson<{ items: unknown[] }>(path, as.headers);
  const sql = await serviceFloor(
    ctx.pool,
    ctx.db,
    as.userId,
    (db, rctx) => timeline(db, rctx, entity, id, { limit: 50 }),
    { transaction: false },
  );
  return {
    name: `${name} (${page.items.length} items)`,
    request: { path, headers: as.headers },
    sql,
    target: TARGET,
  };
}

/**
 * A contact's record page (ported from timeline.bench.test.ts): the record and the first 50 items of its
 * timeline, which merges its own activities with its deals'; a company's timeline (its contacts' and deals'
 * too); and the contact's timeline as a sales manager, whose `own` activity scope filters every item.
 */
export const recordPage: Scenario = {
  name: "record-page",
  unavailable: (ctx) => {
    if (!ctx.routes.has("GET /api/v1/contacts/:id")) return "GET /api/v1/contacts/:id does not exist";
    if (!ctx.routes.has("GET /api/v1/timeline/:entity/:id")) return "the timeline route does not exist";
    return (ctx.rows.activities ?? 0) > 0 ? null : "no activities loaded";
  },
  prepare: async (ctx) => {
    const { busyContactId: contact, busyCompanyId: company } = ctx.records;
    const admin = { userId: ctx.adminId, headers: ctx.auth };
    const manager = { userId: ctx.ownerId, headers: ctx.managerAuth };
    const cases: Case[] = [
      {
        name: "GET contact (busy contact's record)",
        request: { path: `/api/v1/contacts/${contact}`, headers: ctx.auth },
        // The route runs on the pool (no transaction), so the floor does too.
        sql: await serviceFloor(ctx.pool, ctx.db, ctx.adminId, (db, rctx) => getContact(db, rctx, contact), {
          transaction: false,
        }),
        target: TARGET,
      },
      await timelineCase(ctx, "timeline of the busy contact", "contacts", contact, admin),
    ];
    if (company) cases.push(await timelineCase(ctx, "timeline of its company", "companies", company, admin));
    cases.push(
      await timelineCase(ctx, "timeline of the busy contact as sales manager", "contacts", contact, manager),
    );
    return cases;
  },
};
