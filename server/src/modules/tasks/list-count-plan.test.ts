import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "../../platform/access/actor.js";
import { actorForUser } from "../../platform/records/actor.js";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { useStatementPlans } from "../../test/statement-plans.js";
import { listTasks } from "./list.js";
import { taskListQuery } from "./schemas.js";

/**
 * The list views' capped counts are index-only scans of indexes keyed on the views' predicates (issue 10 item
 * 20): at 1M tasks the administrator's upcoming count checked `status` in the heap for each of 10,001 due-index
 * entries (1,500 pages), an own upcoming or done count for each of an owner's entries. With 30,000 analysed and
 * vacuumed tasks the planner shows the choice of index.
 */
describe("task list count plans", () => {
  const t = useTestContext();
  const plans = useStatementPlans(t);
  const { statements } = plans;
  const ctx: Record<"admin" | "own" | "team", RequestContext> = {} as never;

  beforeAll(async () => {
    const contextOf = async (roleKey: "admin" | "sales_manager"): Promise<RequestContext> => {
      const actor = await actorForUser(t.db, (await createUser(t.db, { roleKey })).id);
      if (!actor) throw new Error("no actor");
      return { actor, requestId: "count-plan", ip: null, userAgent: null };
    };
    ctx.admin = await contextOf("admin");
    ctx.own = await contextOf("sales_manager");
    const { actor } = ctx.own;
    ctx.team = {
      ...ctx.own,
      actor: {
        ...actor,
        permissions: { ...actor.permissions, tasks: { ...actor.permissions.tasks, read: "team" } },
      },
    } as RequestContext;
    const others = await Promise.all([1, 2, 3].map(() => createUser(t.db, { roleKey: "sales_manager" })));
    const owners = [actor.userId, ...others.map((u) => u.id)];
    // A third open and due later, a third open and past due, a third done; four owners.
    await sql`insert into tasks (title, type, owner_id, status, due_at, overdue_at, completed_at)
      select 'Task ' || i, 'call', (${owners}::uuid[])[1 + i % 4],
        case when i % 3 = 2 then 'done' else 'open' end,
        now() + (case when i % 3 = 0 then 1 else -1 end) * (2 + i % 50) * interval '1 day',
        now() + (case when i % 3 = 0 then 1 else -1 end) * (2 + i % 50) * interval '1 day',
        case when i % 3 = 2 then now() - (i % 90) * interval '1 hour' end
      from generate_series(1, 30000) i`.execute(t.db);
    await sql`vacuum analyze tasks`.execute(t.db);
  });

  // Index-only at 1M (an all-visible heap); here other files' open transactions may keep the visibility map unset.
  const usesIndex = (name: string) => new RegExp(`(Index Only Scan using|Bitmap Index Scan on) ${name} `);
  const countPlan = async (who: keyof typeof ctx, view: "upcoming" | "done") => {
    statements.length = 0;
    const page = await listTasks(plans.db as never, ctx[who], taskListQuery.parse({ view, limit: "50" }));
    expect(page.items.length).toBe(50);
    expect(page.total?.count, `${who} · ${view}`).toBeGreaterThanOrEqual(1000);
    const count = statements.find((s) => /count\(\*\)/.test(s.sql));
    if (!count) throw new Error(`no count statement for ${who} · ${view}`);
    const plan = (await plans.explain(count)).join("\n");
    return plan;
  };

  it("counts the upcoming view from the open tasks' due index, in every scope", async () => {
    expect(await countPlan("admin", "upcoming")).toMatch(usesIndex("tasks_open_due_idx"));
    expect(await countPlan("own", "upcoming")).toMatch(usesIndex("tasks_owner_open_due_idx"));
    expect(await countPlan("team", "upcoming")).toMatch(usesIndex("tasks_owner_open_due_idx"));
  });

  it("counts an owner's done view from the owner's done index", async () => {
    expect(await countPlan("own", "done")).toMatch(usesIndex("tasks_owner_done_idx"));
  });
});
