import http from "node:http";
import { startServerProcess } from "../server-process.js";
import type { BenchContext, Metric, Scenario } from "./types.js";

/** The consumers of change events the issue measures (audit included: it takes every event). */
const CONSUMERS = [
  "audit.changes",
  "notifications.assignments",
  "activities.system-events",
  "activities.mentions",
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (v: number) => Math.round(v * 10) / 10;

async function send(
  ctx: BenchContext,
  method: string,
  path: string,
  body?: unknown,
  type = "application/json",
) {
  const res = await fetch(`${ctx.baseUrl}${path}`, {
    method,
    headers: { ...ctx.auth, ...(body !== undefined ? { "content-type": type } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** The manager's notification stream: resolves each `event: notification` as it arrives. */
function openStream(ctx: BenchContext) {
  const waiting: Array<(at: number) => void> = [];
  const arrived: number[] = [];
  const req = http.get(`${ctx.baseUrl}/api/v1/notifications/stream`, { headers: ctx.managerAuth }, (res) => {
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      const n = chunk.split("\n").filter((l) => l.startsWith("event: notification")).length;
      for (let i = 0; i < n; i++) {
        const at = performance.now();
        const w = waiting.shift();
        if (w) w(at);
        else arrived.push(at);
      }
    });
  });
  req.on("error", () => {});
  return {
    next: () =>
      new Promise<number>((resolve) => {
        const at = arrived.shift();
        if (at !== undefined) resolve(at);
        else waiting.push(resolve);
      }),
    close: () => req.destroy(),
  };
}

/** True when every consumer has taken every committed event (cursor feed, or pg-boss jobs before it). */
async function consumed(ctx: BenchContext): Promise<boolean> {
  const cursors = await ctx.pool.query<{ t: string | null }>(
    "select to_regclass('change_consumers')::text as t",
  );
  const pending = await ctx.pool.query<{ n: string }>(
    "select count(*)::text as n from change_events where dispatched_at is null",
  );
  if (pending.rows[0]?.n !== "0") return false;
  if (cursors.rows[0]?.t) {
    const behind = await ctx.pool.query<{ n: string }>(
      `select count(*)::text as n from change_consumers
        where name = any($1) and position < (select coalesce(max(position), 0) from change_events)`,
      [CONSUMERS],
    );
    return behind.rows[0]?.n === "0";
  }
  const queued = await ctx.pool.query<{ n: string }>(
    "select count(*)::text as n from pgboss.job where name = any($1) and state in ('created', 'retry', 'active')",
    [CONSUMERS],
  );
  return queued.rows[0]?.n === "0";
}

async function waitConsumed(ctx: BenchContext, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (!(await consumed(ctx))) {
    if (performance.now() - t0 > timeoutMs) return Number.POSITIVE_INFINITY;
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - t0;
}

/** A task given to the manager: one write, one assignment notification on the manager's stream. */
async function assignmentLatency(ctx: BenchContext, samples: number): Promise<number[]> {
  const stream = openStream(ctx);
  await new Promise((r) => setTimeout(r, 500));
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      const arrival = stream.next();
      await send(ctx, "POST", "/api/v1/tasks", { title: `Bench assignment ${i}`, ownerId: ctx.ownerId });
      const at = await Promise.race([
        arrival,
        new Promise<number>((r) => setTimeout(() => r(Number.NaN), 30_000)),
      ]);
      if (Number.isNaN(at)) throw new Error("no notification within 30 s");
      times.push(at - t0);
      // Idle between samples: the wake-up path is measured, not a busy worker's next loop.
      await new Promise((r) => setTimeout(r, 150 + (i % 7) * 50));
    }
  } finally {
    stream.close();
  }
  return times;
}

/**
 * Bulk reassignments of 10,000 records (contacts, then tasks for the rest) to the manager: 10,000 change events
 * in one or two commits, each one an assignment notification, an audit row and a check by every consumer.
 */
async function burst(
  ctx: BenchContext,
  size: number,
): Promise<{ events: number; writeMs: number; consumeMs: number }> {
  const t0 = performance.now();
  let events = 0;
  for (const entity of ["contacts", "tasks"]) {
    if (events >= size) break;
    const ids = await ctx.pool.query<{ id: string }>(
      `select id from ${entity} where deleted_at is null and owner_id <> $1 order by id limit $2`,
      [ctx.ownerId, size - events],
    );
    if (ids.rows.length === 0) continue;
    const r = await send(ctx, "POST", "/api/v1/reassign", {
      entity,
      ids: ids.rows.map((x) => x.id),
      toUserId: ctx.ownerId,
      reason: "benchmark burst",
    });
    events += Number(r.reassigned ?? 0);
  }
  const writeMs = performance.now() - t0;
  const consumeMs = await waitConsumed(ctx, 15 * 60_000);
  return { events, writeMs, consumeMs };
}

/** Upload + mapping, then the dry-run request; the job's start is read from pg-boss (started_on − created_on). */
async function importStartLatency(ctx: BenchContext, samples: number): Promise<number[]> {
  const csv = "First name,Last name,Email\nAnna,Petrova,anna.bench@example.com\n";
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const up = await send(ctx, "POST", "/api/v1/imports?entity=contacts&fileName=start.csv", csv, "text/csv");
    await send(ctx, "PUT", `/api/v1/imports/${up.id}/mapping`, {
      mapping: up.mapping,
      options: { skipInvalidRows: true, duplicatePolicy: "skip" },
    });
    const t0 = performance.now();
    await send(ctx, "POST", `/api/v1/imports/${up.id}/dry-run`);
    for (;;) {
      const job = await ctx.pool.query<{ started: boolean }>(
        `select started_on is not null as started from pgboss.job
          where name = 'imports.dry-run' and data->>'importId' = $1 order by created_on desc limit 1`,
        [up.id],
      );
      if (job.rows[0]?.started) break;
      if (performance.now() - t0 > 30_000) throw new Error("import job did not start within 30 s");
      await new Promise((r) => setTimeout(r, 5));
    }
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 300 + (i % 5) * 100));
  }
  return out;
}

export const changeFeed: Scenario = {
  name: "change-feed",
  unavailable: (ctx) =>
    ctx.routes.has("POST /api/v1/reassign") && ctx.routes.has("GET /api/v1/notifications/stream")
      ? null
      : "reassign or notification stream route missing",
  async measure(ctx) {
    // The HTTP server runs no background handlers; a worker process (2 cores shared) runs the consumers.
    const worker = await startServerProcess({
      databaseUrl: ctx.databaseUrl,
      work: true,
      http: false,
      log: ctx.log,
    });
    try {
      await waitConsumed(ctx, 120_000);
      const samples = ctx.quick ? 5 : 30;
      const latency = await assignmentLatency(ctx, samples);
      const starts = await importStartLatency(ctx, ctx.quick ? 3 : 10);
      const size = ctx.quick ? 1_000 : 10_000;
      const b = await burst(ctx, size);
      const jobRows = await ctx.pool.query<{ n: string }>(
        "select (select count(*) from pgboss.job where name = any($1)) + (select count(*) from pgboss.archive where name = any($1)) as n",
        [CONSUMERS],
      );
      ctx.log(`change feed: pg-boss job rows of the consumers' queues: ${jobRows.rows[0]?.n ?? 0}`);
      ctx.log(
        `change feed: notification p50 ${round(percentile(latency, 50))} ms p95 ${round(percentile(latency, 95))} ms; ` +
          `import start p50 ${round(percentile(starts, 50))} ms; burst of ${b.events} events written in ${Math.round(b.writeMs)} ms, consumed ${Math.round(b.consumeMs)} ms after`,
      );
      const metrics: Metric[] = [
        {
          name: "change feed: assignment notification reaches the stream, p95",
          value: round(percentile(latency, 95)),
          unit: "ms",
          target: { max: 1000 },
          note: `p50 ${round(percentile(latency, 50))} ms, ${samples} writes at an idle server`,
        },
        {
          name: "change feed: import job starts after it is requested, p95",
          value: round(percentile(starts, 95)),
          unit: "ms",
          target: { max: 200 },
          note: `p50 ${round(percentile(starts, 50))} ms`,
        },
        {
          name: `change feed: burst of ${b.events.toLocaleString("en-US")} events consumed by every consumer`,
          value: Math.round(b.consumeMs),
          unit: "ms after commit",
          target: { max: 10_000 },
          note: `the reassignments took ${Math.round(b.writeMs)} ms; consumers: ${CONSUMERS.join(", ")}`,
        },
      ];
      return metrics;
    } finally {
      await worker.stop();
    }
  },
};
