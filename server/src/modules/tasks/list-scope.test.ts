import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import type { Scope } from "../../platform/db/tables.js";
import { planList } from "../../platform/query/list.js";
import { ownerWalkOwners } from "../../platform/query/scoped-list.js";
import { actorForUser } from "../../platform/records/actor.js";
import { createTeam, createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { TASK_FIELDS } from "./fields.js";
import { listTasks } from "./list.js";
import { taskListQuery } from "./schemas.js";

/**
 * Own/team task lists read their views' sorts as merges of per-owner index walks (issue 10 item 20): every view's
 * default sort takes the walk, and the pages (rows, order, cursors, count) are those of the plain query — ties,
 * NULL due and completion times last in both directions, soft-deleted and other owners' tasks left out.
 */
const CASES: {
  view: "all" | "overdue" | "upcoming" | "done";
  sort?: string;
  order: string;
  where?: string;
}[] = [
  { view: "all", order: "created_at desc, id desc" },
  { view: "all", sort: "createdAt", order: "created_at asc, id asc" },
  { view: "all", sort: "dueAt", order: "due_at asc nulls last, id asc" },
  { view: "all", sort: "-dueAt", order: "due_at desc nulls last, id desc" },
  { view: "all", sort: "-completedAt", order: "completed_at desc nulls last, id desc" },
  { view: "all", sort: "completedAt", order: "completed_at asc nulls last, id asc" },
  { view: "all", sort: "overdueAt", order: "overdue_at asc nulls last, id asc" },
  {
    view: "overdue",
    order: "overdue_at asc nulls last, id asc",
    where: "status = 'open' and overdue_at <= now()",
  },
  { view: "upcoming", order: "due_at asc nulls last, id asc", where: "status = 'open' and due_at >= now()" },
  { view: "done", order: "completed_at desc nulls last, id desc", where: "status = 'done'" },
];

describe("task lists in an own/team scope", () => {
  const t = useTestContext();
  let manager: Actor;
  const team: string[] = [];

  beforeAll(async () => {
    const a = await createTeam(t.db, "Task walk team");
    for (let i = 0; i < 4; i++) team.push((await createUser(t.db, { teamId: a.id })).id);
    const outsider = (await createUser(t.db)).id;
    const owners = [team[0], team[1], team[2], outsider] as string[];
    // Due times repeat (ties by id) and every fifth task has none; two days either side of now, so the upcoming
    // view (due from tomorrow in the user's zone) and the overdue one both have rows.
    for (let i = 0; i < 70; i++) {
      const due = i % 5 === 0 ? null : sql<Date>`now() + make_interval(days => ${(i % 7) - 3})`;
      const status = i % 3 === 0 ? "open" : i % 3 === 1 ? "done" : "cancelled";
      await t.db
        .insertInto("tasks")
        .values({
          title: `T${i}`,
          type: "todo",
          status,
          owner_id: owners[i % owners.length] as string,
          due_at: due,
          overdue_at: due,
          completed_at: status === "done" && i % 7 !== 1 ? new Date(Date.UTC(2026, 0, 1 + (i % 4))) : null,
          created_at: new Date(Date.UTC(2025, 5, 1 + (i % 6))),
          deleted_at: i % 13 === 4 ? new Date() : null,
        })
        .execute();
    }
    manager = (await actorForUser(t.db, team[0] as string)) as Actor;
  });

  const as = (scope: Scope): Actor => ({ ...manager, permissions: { tasks: { read: scope } } });

  it("takes the per-owner walk for every view's default sort", () => {
    const walks = (scope: Scope, sort: string) => {
      const actor = as(scope);
      const plan = planList({
        actor,
        entity: "tasks",
        alias: "t",
        fields: TASK_FIELDS,
        defaultSort: sort,
        params: { limit: 50 },
      });
      return ownerWalkOwners({
        actor,
        entity: "tasks",
        alias: "t",
        ownerColumn: "owner_id",
        deleted: false,
        plan,
      });
    };
    for (const scope of ["own", "team"] as const) {
      for (const sort of ["-createdAt", "createdAt", "dueAt", "overdueAt", "-completedAt"]) {
        expect(walks(scope, sort), `${scope} ${sort}`).not.toBeNull();
      }
      // NULLs last both ways: the ascending due index does not serve "-dueAt", nor the descending one "completedAt".
      expect(walks(scope, "-dueAt")).toBeNull();
      expect(walks(scope, "completedAt")).toBeNull();
    }
    expect(walks("all", "-createdAt")).toBeNull();
  });

  it("pages exactly like the plain query in every view, both directions, NULLs included", async () => {
    for (const scope of ["team", "own"] as const) {
      const owners = scope === "team" ? team : [team[0] as string];
      for (const c of CASES) {
        const ctx = { actor: as(scope), requestId: "test", ip: null, userAgent: null };
        const seen: string[] = [];
        let cursor: string | undefined;
        let total: unknown;
        let pages = 0;
        do {
          const q = taskListQuery.parse({ view: c.view, sort: c.sort, limit: "4", cursor });
          const page = await listTasks(t.db, ctx, q);
          if (pages === 0) total = page.total;
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor ?? undefined;
          pages++;
        } while (cursor && pages < 50);
        const { rows } = await sql<{ id: string }>`select id from tasks
          where deleted_at is null and owner_id = any(${owners}::uuid[]) and ${sql.raw(c.where ?? "true")}
          order by ${sql.raw(c.order)}`.execute(t.db);
        const label = `${scope} ${c.view} ${c.sort ?? "(default)"}`;
        expect(seen, label).toEqual(rows.map((r) => r.id));
        expect(total, label).toEqual({ count: rows.length, capped: false });
        if (scope === "team" && c.view === "all") expect(pages, label).toBeGreaterThan(3);
      }
    }
  });
});
