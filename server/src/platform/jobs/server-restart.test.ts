import { describe, expect, it } from "vitest";
import { REMINDER_JOB } from "../../modules/tasks/reminders.js";
import { eventually, getJson, postJson, signInTo } from "../../test/process-http.js";
import { useRestartableServers } from "../../test/restart-rig.js";

/**
 * A job queued by one server process and not yet due when that process dies is run, exactly once, by the
 * server started after it (jobs live in PostgreSQL, not in the process).
 */
const admin = { email: "restart-admin@example.com", password: "Restart-test-Pa55word!" };
const { boot, client } = useRestartableServers(admin);

interface JobRow {
  id: string;
  state: string;
  retry_count: number;
}

async function reminderJobs(): Promise<JobRow[]> {
  const res = await client().query<JobRow>("select id, state, retry_count from pgboss.job where name = $1", [
    REMINDER_JOB,
  ]);
  return res.rows;
}

describe("a job across a server restart", { timeout: 240_000 }, () => {
  it("is queued with startAfter, survives the server being killed, and runs once after the next start", async () => {
    const first = await boot();
    const session = await signInTo(first, admin.email, admin.password);
    const created = await postJson(first, "/api/v1/tasks", session, {
      title: "Survives the restart",
      dueAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      reminders: [60],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const queued = await reminderJobs();
    expect(queued.map((j) => j.state)).toEqual(["created"]);

    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    // While the server was down the reminder's moment came (instead of waiting two hours).
    await client().query("update pgboss.job set start_after = now() where name = $1 and id = $2", [
      REMINDER_JOB,
      queued[0]?.id,
    ]);

    const second = await boot();
    const state = await eventually("the reminder job to complete", async () => {
      const [job] = await reminderJobs();
      return job?.state === "completed" ? job : undefined;
    });
    expect(state).toMatchObject({ id: queued[0]?.id, retry_count: 0 });
    expect(await reminderJobs()).toHaveLength(1);
    const list = await getJson(second, "/api/v1/notifications", session);
    expect(list.status).toBe(200);
    const reminders = (list.body.items as { kind: string; params: { title?: string } }[]).filter(
      (n) => n.kind === "task.reminder",
    );
    expect(reminders.map((n) => n.params.title)).toEqual(["Survives the restart"]);

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
