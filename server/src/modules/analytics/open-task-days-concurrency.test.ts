import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { compactOpenTaskDays } from "./open-task-days.js";
import { compareOverdue } from "./open-task-days-test-support.js";

/**
 * Writers of `tasks` in concurrent transactions: the triggers only append delta rows, so no writer waits for
 * another's counter (a per-key upsert would lock the key until commit: two imports touching the same owners'
 * days in opposite orders would deadlock) and none waits for the compaction.
 */
describe("analytics_open_task_days under concurrent writers", () => {
  const t = useTestContext();
  const owners: string[] = [];

  beforeAll(async () => {
    for (const name of ["Xenia", "Yuri"]) owners.push((await createUser(t.db, { name })).id);
  });

  /** A transaction on its own connection that fails instead of waiting for a lock. */
  const begin = async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    await c.query("begin");
    await c.query("set local lock_timeout = '3s'");
    return c;
  };
  const insert = (c: pg.Client, owner: string | undefined, hours: number, n: number) =>
    c.query(
      `insert into tasks (title, type, owner_id, due_at, overdue_at)
       select 'Concurrent', 'todo', $1, now() + make_interval(secs => $2 * 3600), now() + make_interval(secs => $2 * 3600)
       from generate_series(1, $3)`,
      [owner, hours, n],
    );
  const finish = async (c: pg.Client, how: "commit" | "rollback") => {
    await c.query(how);
    await c.end();
  };

  it("two transactions writing the same owners and days in opposite orders both commit, the counts exact", async () => {
    const [x, y] = owners;
    const a = await begin();
    const b = await begin();
    await insert(a, x, -30, 3);
    await insert(b, y, -54, 2);
    await insert(a, y, -54, 4); // the key b wrote and holds open
    await insert(b, x, -30, 5); // the key a wrote and holds open
    await b.query(`update tasks set status = 'done' where owner_id = $1 and title = 'Concurrent'`, [y]);
    await finish(a, "commit");
    await finish(b, "commit");
    const c = await compareOverdue(t.db);
    expect(c.rollup).toEqual(c.direct);
    expect(c.direct[x as string]).toBe(8);
    expect(c.direct[y as string]).toBe(4); // b completed its own 2; a's 4 were not visible to b's update
  });

  it("a compaction during open write transactions neither waits for them nor loses their counts", async () => {
    const [x, y] = owners;
    await compactOpenTaskDays(t.db);
    const a = await begin();
    await insert(a, x, -80, 6);
    await a.query(`update tasks set owner_id = $1 where owner_id = $2 and status = 'open'`, [y, x]);
    const rolledBack = await begin();
    await insert(rolledBack, y, -5, 7);
    const other = await begin();
    await insert(other, x, -30, 1);
    await finish(other, "commit"); // committed: a second row of a key of the first test
    const started = Date.now();
    expect(await compactOpenTaskDays(t.db)).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2_000);
    await finish(rolledBack, "rollback");
    await finish(a, "commit");
    const c = await compareOverdue(t.db);
    expect(c.rollup).toEqual(c.direct);
    expect(c.direct[x as string]).toBe(1);
    await compactOpenTaskDays(t.db);
    const after = await compareOverdue(t.db);
    expect(after.rollup).toEqual(after.direct);
  });
});
