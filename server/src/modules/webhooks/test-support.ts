import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import pino from "pino";
import { createUser, tokenHeaders } from "../../test/auth.js";
import type { TestContext } from "../../test/harness.js";
import { DELIVER_JOB, type DeliverJobData, runDeliveries } from "./deliver.js";
import { FANOUT_CONSUMER } from "./fanout.js";

/** Test helpers: a user whose role manages webhooks with given grants, a local receiver, the delivery loop. */

export async function webhookManager(
  t: TestContext,
  name: string,
  grants: { permissions: object; fieldRules?: object },
) {
  const admin = await createUser(t.db, { roleKey: "admin" });
  const role = await t.app.inject({
    method: "POST",
    url: "/api/v1/roles",
    headers: await tokenHeaders(t.db, admin.id),
    payload: {
      name,
      permissions: grants.permissions,
      fieldRules: grants.fieldRules ?? {},
      adminPermissions: ["webhooks.manage"],
    },
  });
  if (role.statusCode !== 201) throw new Error(`role: ${role.body}`);
  const user = await createUser(t.db);
  await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", user.id).execute();
  return { user, headers: await tokenHeaders(t.db, user.id) };
}

export interface Received {
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** An HTTP receiver on 127.0.0.1 answering with `status()` (200 unless changed). */
export async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      res.writeHead(state.status, { "content-type": "text/plain" });
      res.end(state.status < 300 ? "thanks" : "receiver broke");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const silent = pino({ level: "silent" });

/** Runs the fan-out consumer, then every due `webhooks.deliver` job, as a worker would. Returns jobs run. */
export async function deliverDue(t: TestContext): Promise<number> {
  await t.relay.drain(FANOUT_CONSUMER);
  let total = 0;
  for (;;) {
    const jobs = await t.jobs.boss.fetch<DeliverJobData>(DELIVER_JOB, { batchSize: 50 });
    if (jobs.length === 0) return total;
    await runDeliveries(
      t.deps,
      jobs.map((j) => j.data),
      silent,
    );
    for (const j of jobs) await t.jobs.boss.complete(DELIVER_JOB, j.id);
    total += jobs.length;
  }
}

/** Makes the delayed retry jobs due now (a fast-forwarded clock for pg-boss); returns their delays in seconds. */
export async function makeRetriesDue(t: TestContext): Promise<number[]> {
  const r = await sql<{ delay: number }>`
    update pgboss.job j set start_after = now()
    from (select id, extract(epoch from start_after - created_on)::int as delay from pgboss.job
      where name = ${DELIVER_JOB} and state in ('created', 'retry') and start_after > now()) d
    where j.id = d.id returning d.delay`.execute(t.db);
  return r.rows.map((x) => x.delay).sort((a, b) => a - b);
}
