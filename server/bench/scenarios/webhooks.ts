import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { generateWebhookSecret } from "../../src/modules/webhooks/module.js";
import { recordChange } from "../../src/platform/events/outbox.js";
import { createSecretBox } from "../../src/platform/secrets/secret-box.js";
import { startServerProcess } from "../server-process.js";
import type { BenchContext, Metric, Scenario } from "./types.js";

const RATE = 1000; // events per second
const TICK_MS = 50;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (v: number) => Math.round(v * 10) / 10;
/** CPU seconds a process has used (user + system, from /proc; 0 where there is no /proc). */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** A local receiver that verifies every signature with the standardwebhooks library and notes arrival times. */
async function receiver(secret: string) {
  const verifier = new Webhook(secret);
  const arrivals = new Map<string, number>();
  let bad = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      try {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const event = verifier.verify(Buffer.concat(chunks).toString("utf8"), headers) as { id: string };
        if (!arrivals.has(event.id)) arrivals.set(event.id, at);
        res.writeHead(204).end();
      } catch {
        bad += 1;
        res.writeHead(400).end();
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tandem`,
    arrivals,
    bad: () => bad,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Outgoing webhooks at 1,000 change events/s: a subscription to `companies.update` (owner: the administrator),
 * events committed through the outbox in 50 ms ticks, a worker process (fan-out consumer + delivery jobs)
 * signing and POSTing each to a local receiver that verifies the signature. Delay = arrival − commit.
 */
export const webhookFanout: Scenario = {
  name: "webhooks",
  unavailable: (ctx) => (ctx.routes.has("POST /api/v1/webhooks") ? null : "webhooks module missing"),
  async measure(ctx: BenchContext) {
    const key = randomBytes(32).toString("base64");
    const box = createSecretBox([Buffer.from(key, "base64")]);
    const secret = generateWebhookSecret();
    const rx = await receiver(secret);
    const saved = {
      SECRETS_KEY: process.env.SECRETS_KEY,
      OUTBOUND_ALLOW_HOSTS: process.env.OUTBOUND_ALLOW_HOSTS,
    };
    process.env.SECRETS_KEY = key;
    process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
    const worker = await startServerProcess({
      databaseUrl: ctx.databaseUrl,
      work: true,
      http: false,
      poolSize: 10,
      cpuProfileDir: process.env.WEBHOOKS_WORKER_PROFILE ?? null,
      log: ctx.log,
    }).finally(() => {
      process.env.SECRETS_KEY = saved.SECRETS_KEY;
      process.env.OUTBOUND_ALLOW_HOSTS = saved.OUTBOUND_ALLOW_HOSTS;
      if (saved.SECRETS_KEY === undefined) delete process.env.SECRETS_KEY;
      if (saved.OUTBOUND_ALLOW_HOSTS === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
    });
    try {
      const hook = await ctx.db
        .insertInto("webhooks")
        .values({
          owner_id: ctx.adminId,
          url: rx.url,
          description: "benchmark receiver",
          event_types: ["companies.update"],
          secret_sealed: box.seal(secret),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const companies = (
        await ctx.pool.query<{ id: string }>("select id from companies where deleted_at is null limit 1000")
      ).rows.map((r) => r.id);
      if (companies.length === 0) return "no companies loaded";
      const seconds = ctx.quick ? 2 : 10;
      const perTick = (RATE * TICK_MS) / 1000;
      const committed = new Map<string, number>();
      const cpu0 = cpuSeconds(worker.pid);
      const t0 = Date.now();
      const run = t0.toString(36);
      let n = 0;
      for (let tick = 0; tick < (seconds * 1000) / TICK_MS; tick++) {
        const due = t0 + tick * TICK_MS;
        if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
        const ids = await ctx.db.transaction().execute(async (trx) => {
          const events = Array.from({ length: perTick }, () => {
            n += 1;
            return {
              entity: "companies" as const,
              entityId: companies[n % companies.length] as string,
              action: "update" as const,
              changes: { industry: { before: "Retail", after: `Bench ${n}` } },
            };
          });
          await recordChange(trx, { actorId: ctx.adminId, requestId: `bench-${run}-${tick}` }, events);
          return (
            await trx
              .selectFrom("change_events")
              .select("id")
              .where("request_id", "=", `bench-${run}-${tick}`)
              .execute()
          ).map((r) => String(r.id));
        });
        const at = Date.now();
        for (const id of ids) committed.set(id, at);
      }
      const writeSeconds = (Date.now() - t0) / 1000;
      const deadline = Date.now() + 120_000;
      while (rx.arrivals.size < committed.size && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const lastArrival = Math.max(...rx.arrivals.values());
      const workerCpuMs = (cpuSeconds(worker.pid) - cpu0) * 1000;
      const delays = [...committed].flatMap(([id, at]) => {
        const got = rx.arrivals.get(id);
        return got === undefined ? [] : [got - at];
      });
      const status = await ctx.pool.query<{ status: string; n: string }>(
        "select status, count(*)::text as n from webhook_deliveries where webhook_id = $1 group by status",
        [hook.id],
      );
      ctx.log(
        `webhooks: worker CPU ${Math.round(workerCpuMs)} ms for ${committed.size} events (${round(workerCpuMs / committed.size)} ms/event, every consumer included)`,
      );
      // Where the time goes: commit → fan-out (delivery row) → first attempt.
      const lag = await ctx.pool.query<{ fanout: string; send: string }>(
        `select round(percentile_cont(0.95) within group (order by extract(epoch from d.created_at - e.occurred_at)) * 1000)::text as fanout,
                round(percentile_cont(0.95) within group (order by extract(epoch from a.attempted_at - d.created_at)) * 1000)::text as send
           from webhook_deliveries d join change_events e on e.id = d.event_id
           join webhook_attempts a on a.delivery_id = d.id and a.attempt = 1
          where d.webhook_id = $1`,
        [hook.id],
      );
      ctx.log(
        `webhooks: p95 commit → fan-out ${lag.rows[0]?.fanout} ms, fan-out → attempt ${lag.rows[0]?.send} ms`,
      );
      await ctx.db.updateTable("webhooks").set({ enabled: false }).where("id", "=", hook.id).execute();
      const missing = committed.size - rx.arrivals.size;
      ctx.log(
        `webhooks: ${committed.size} events in ${round(writeSeconds)} s (${Math.round(committed.size / writeSeconds)}/s); ` +
          `${rx.arrivals.size} verified deliveries, ${missing} missing, ${rx.bad()} bad signatures; delay p50 ${percentile(delays, 50)} ms ` +
          `p95 ${percentile(delays, 95)} ms max ${percentile(delays, 100)} ms; delivery rate ${Math.round(rx.arrivals.size / ((lastArrival - t0) / 1000))}/s; ` +
          `statuses ${status.rows.map((r) => `${r.status} ${r.n}`).join(", ")}`,
      );
      if (rx.bad() > 0) throw new Error(`${rx.bad()} webhook deliveries failed signature verification`);
      const metrics: Metric[] = [
        {
          name: "webhooks: delivery delay at 1,000 events/s (commit → verified at the receiver), p95",
          value: missing > 0 ? Number.POSITIVE_INFINITY : percentile(delays, 95),
          unit: "ms",
          target: { max: 1000 },
          note: `p50 ${percentile(delays, 50)} ms, max ${percentile(delays, 100)} ms; ${committed.size} events over ${round(writeSeconds)} s, ${missing} missing`,
        },
        {
          name: "webhooks: signed deliveries per second",
          value: Math.round(rx.arrivals.size / ((lastArrival - t0) / 1000)),
          unit: "deliveries/s",
          target: { min: 1000 },
          note: `one worker process (${round(workerCpuMs / committed.size)} ms CPU per event, all consumers); every signature verified with the standardwebhooks library`,
        },
      ];
      return metrics;
    } finally {
      await worker.stop();
      await rx.close();
    }
  },
};
