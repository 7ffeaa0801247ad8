import { describe, expect, it } from "vitest";
import { eventually, getJson, postJson, signInTo } from "../../test/process-http.js";
import { useRestartableServers } from "../../test/restart-rig.js";
import { RUN_JOB } from "./runs.js";

/**
 * A run waiting in a "wait" step is a pg-boss job with `startAfter`: it survives the server being killed and the
 * next server finishes the run — once.
 */
const admin = { email: "automation-restart@example.com", password: "Restart-test-Pa55word!" };
const { boot, client } = useRestartableServers(admin);

const runRows = async () =>
  (await client().query<{ id: string; status: string }>("select id, status from automation_runs")).rows;

describe("an automation wait across a server restart", { timeout: 240_000 }, () => {
  it("keeps the waiting run through a SIGKILL and finishes it once on the next server", async () => {
    const first = await boot();
    const session = await signInTo(first, admin.email, admin.password);
    const company = await postJson(first, "/api/v1/companies", session, { name: "Restart Ltd" });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    const rule = await postJson(first, "/api/v1/automations", session, {
      entity: "deals",
      name: "Wait then task",
      enabled: true,
      definition: {
        trigger: { kind: "recordCreated" },
        steps: [
          { id: "w", type: "wait", wait: { mode: "duration", duration: { amount: 2, unit: "hours" } } },
          {
            id: "t",
            type: "createTask",
            title: "After the wait: {{record.title}}",
            assignee: { kind: "recordOwner" },
          },
        ],
      },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const deal = await postJson(first, "/api/v1/deals", session, {
      title: "Restart deal",
      companyId: (company.body as { id: string }).id,
    });
    expect(deal.status).toBe(201);
    const waiting = await eventually("the run to wait", async () => {
      const rows = await runRows();
      return rows.length === 1 && rows[0]?.status === "waiting" ? rows : undefined;
    });

    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    // The two hours pass while the server is down.
    const runId = waiting[0]?.id as string;
    await client().query("update automation_runs set wake_at = now() where id = $1", [runId]);
    await client().query(
      "update pgboss.job set start_after = now() where name = $1 and state = 'created' and data->>'runId' = $2",
      [RUN_JOB, runId],
    );

    const second = await boot();
    await eventually("the run to finish", async () => {
      const rows = await runRows();
      return rows[0]?.status === "succeeded" ? rows : undefined;
    });
    const again = await signInTo(second, admin.email, admin.password);
    const tasks = await getJson(
      second,
      "/api/v1/tasks?filter=" +
        encodeURIComponent(JSON.stringify({ field: "title", op: "startsWith", value: "After the wait" })),
      again,
    );
    expect((tasks.body as { items: unknown[] }).items).toHaveLength(1);
    const steps = await client().query<{ step_id: string; status: string }>(
      "select step_id, status from automation_run_steps where run_id = $1 order by id",
      [runId],
    );
    expect(steps.rows.map((s) => `${s.step_id}:${s.status}`)).toEqual(["w:waiting", "t:succeeded"]);
  });
});
