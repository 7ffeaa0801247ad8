import fs from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { AUTOMATION_CONSUMER } from "../../src/modules/automations/consumer.js";
import { executeRun, executeRuns, RUNS_PER_BATCH } from "../../src/modules/automations/engine.js";
import { compileRules, loadFacts } from "../../src/modules/automations/matcher.js";
import { createRuns, RUN_JOB } from "../../src/modules/automations/runs.js";
import type { Definition } from "../../src/modules/automations/schemas.js";
import { loadConfig } from "../../src/platform/config/config.js";
import { createDb, createPool } from "../../src/platform/db/database.js";
import type { DeliveredEvent } from "../../src/platform/events/consumer.js";
import type { AppDeps } from "../../src/platform/http/types.js";
import { JobQueue } from "../../src/platform/jobs/queue.js";
import { entityCatalog } from "../../src/platform/records/catalog.js";
import { createSecretBox } from "../../src/platform/secrets/secret-box.js";
import { backendPids, processCpuUs } from "../cpu.js";
import type { BenchContext, Metric, Scenario } from "./types.js";

const OPTIONS: Definition["options"] = {
  allowSelfTrigger: false,
  cancelWaitsOnDisable: true,
  cancelWaitsOnDelete: true,
  maxRunsPerRecordPerHour: 1_000,
  maxChainDepth: 10,
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

/** 200 enabled rules over the record entities, a mix of every event trigger kind. */
function syntheticRules(stageIds: string[]) {
  const entities = ["deals", "contacts", "companies", "tasks"];
  const triggers: Definition["trigger"][] = [
    { kind: "recordCreated" },
    { kind: "recordUpdated" },
    { kind: "recordDeleted" },
    { kind: "fieldChanged", field: "ownerId" },
    { kind: "fieldChanged", field: "title", to: "x" },
  ];
  return Array.from({ length: 200 }, (_, i) => {
    const entity = entities[i % entities.length] as string;
    const deal = entity === "deals" && i % 3 === 0;
    const trigger: Definition["trigger"] = deal
      ? i % 2 === 0
        ? { kind: "stageEntered", stageId: stageIds[i % stageIds.length] as string }
        : { kind: "won" }
      : (triggers[i % triggers.length] as Definition["trigger"]);
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      current_version_id: `00000000-0000-4000-9000-${String(i).padStart(12, "0")}`,
      name: `Rule ${i}`,
      owner_id: "00000000-0000-4000-8000-000000000000",
      entity,
      definition: {
        trigger,
        conditions: {},
        steps: [{ id: "t", type: "addTag", tag: "x" }],
        options: OPTIONS,
      } satisfies Definition,
    };
  });
}

function syntheticEvents(n: number, stageIds: string[]): DeliveredEvent[] {
  const entities = ["deals", "contacts", "companies", "tasks", "activities", "products"];
  const actions = ["create", "update", "update", "update", "delete", "reassign"];
  return Array.from({ length: n }, (_, i) => {
    const entity = entities[i % entities.length] as string;
    const action = actions[(i * 7) % actions.length] as string;
    const changes: Record<string, unknown> =
      action === "update"
        ? entity === "deals"
          ? { stageId: { before: stageIds[0], after: stageIds[i % stageIds.length] } }
          : { title: { before: "a", after: i % 2 ? "x" : "y" } }
        : action === "reassign"
          ? { ownerId: { before: null, after: "u" } }
          : {};
    return {
      id: String(i + 1),
      position: String(i + 1),
      entity,
      entityId: `00000000-0000-4000-a000-${String(i).padStart(12, "0")}`,
      action,
      changes,
      actorId: null,
      requestId: null,
      occurredAt: new Date().toISOString(),
    };
  });
}

async function matching(ctx: BenchContext): Promise<Metric[]> {
  const stages = (await ctx.db.selectFrom("pipeline_stages").select("id").execute()).map((s) => s.id);
  const index = compileRules(syntheticRules(stages), await loadFacts(ctx.db));
  const events = syntheticEvents(ctx.quick ? 20_000 : 200_000, stages);
  let matched = 0;
  for (const e of events.slice(0, 2000)) matched += index.match(e).length; // warm-up
  matched = 0;
  const t0 = performance.now();
  for (const e of events) matched += index.match(e).length;
  const perEvent = (performance.now() - t0) / events.length;
  return [
    {
      name: "automations: rule matching per change event (200 enabled rules)",
      value: round(perEvent * 1000, 2),
      unit: "µs",
      target: { max: 1000 },
      note: `${events.length} events, ${matched} matches; precompiled (entity, action) index, no query per event`,
    },
  ];
}

function deps(ctx: BenchContext, jobs: JobQueue): AppDeps {
  return {
    config: loadConfig({ NODE_ENV: "production", DATABASE_URL: ctx.databaseUrl, LOG_LEVEL: "silent" }, []),
    db: ctx.db as AppDeps["db"],
    jobs,
    entities: entityCatalog(),
    secrets: createSecretBox([Buffer.alloc(32, 7)]),
  } as AppDeps;
}

/**
 * Statements sent to PostgreSQL while `fn` runs (every `pg` client's `query`), and with `trace` their texts.
 * The engine's round trips per run, independent of how fast the machine is.
 */
async function countStatements<T>(fn: () => Promise<T>, trace?: string[]) {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  let statements = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    if (trace) {
      const q = args[0] as string | { text?: string };
      trace.push((typeof q === "string" ? q : (q?.text ?? "")).replace(/\s+/g, " ").slice(0, 160));
    }
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), statements };
  } finally {
    proto.query = original;
  }
}

/** With `BENCH_PROFILE=DIR`: a V8 CPU profile of `fn` alone in DIR (`bench/profile-summary.ts` reads it). */
async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `automations-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/**
 * Runs that create a task and set a field on a deal each, executed by 4 concurrent workers (2 cores): actions per
 * second (wall clock, moves with the machine's load) and — load-independent — CPU per action of this process and
 * of the PostgreSQL backends (from /proc), and statements per run.
 */
async function throughput(ctx: BenchContext, d: AppDeps): Promise<Metric[]> {
  const n = ctx.quick ? 200 : 2_000;
  const warm = 40;
  const { ruleId, versionId } = await insertRule(ctx, "deals", {
    trigger: { kind: "recordUpdated" },
    conditions: {},
    steps: [
      {
        id: "task",
        type: "createTask",
        title: "Follow up {{record.title}}",
        assignee: { kind: "recordOwner" },
      },
      { id: "set", type: "updateFields", values: { source: "automation" } },
    ],
    options: OPTIONS,
  });
  const deals = await ctx.pool.query<{ id: string }>(
    "select id from deals where deleted_at is null order by id limit $1",
    [n + warm],
  );
  const runIds = await ctx.db.transaction().execute((trx) =>
    createRuns(
      trx,
      d,
      deals.rows.map((r, i) => ({
        ruleId,
        versionId,
        triggerKey: `bench:${i}`,
        entity: "deals",
        recordId: r.id,
        depth: 0,
        context: {},
      })),
    ),
  );
  // A connection per worker, as the run job's four runs in flight have in a worker (the context's pool has 3).
  const pool = createPool(ctx.databaseUrl, 4);
  const workers = { ...d, db: createDb(pool) } as AppDeps;
  // Each worker takes `batch` runs at a time into one transaction (`executeRuns`, as the run job does);
  // BENCH_BATCH=1: one run per transaction (`executeRun`), as before batching.
  const batch = Number(process.env.BENCH_BATCH ?? RUNS_PER_BATCH);
  const drain = (queue: string[]) =>
    Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let ids = queue.splice(-batch); ids.length > 0; ids = queue.splice(-batch))
          await executeRuns(workers, ids);
      }),
    );
  // Warm-up (JIT, caches, the pool's four connections), one run traced to list its statements.
  const trace: string[] = [];
  const [first, ...rest] = runIds.slice(0, warm);
  await countStatements(
    () => executeRun(workers, first as string),
    process.env.BENCH_TRACE ? trace : undefined,
  );
  await drain(rest);
  if (trace.length) ctx.log(`automations: one run's statements:\n  ${trace.join("\n  ")}`);
  const queue = runIds.slice(warm);
  const pids = await backendPids(ctx.pool);
  const pgBefore = pids.map((pid) => processCpuUs(pid) ?? 0);
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  const { statements } = await countStatements(() => profiled(() => drain(queue)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const pgUs = pids.reduce(
    (sum, pid, i) => sum + Math.max(0, (processCpuUs(pid) ?? 0) - (pgBefore[i] ?? 0)),
    0,
  );
  await pool.end();
  const ok = await ctx.pool.query<{ n: string }>(
    "select count(*)::text as n from automation_runs where rule_id = $1 and status = 'succeeded'",
    [ruleId],
  );
  const runs = Number(ok.rows[0]?.n ?? 0) - warm;
  const actions = runs * 2;
  const nodeUs = (cpu.user + cpu.system) / Math.max(1, actions);
  const postgresUs = pgUs / Math.max(1, actions);
  await ctx.pool.query("update automation_rules set enabled = false where id = $1", [ruleId]);
  return [
    {
      name: "automations: simple actions per second (create task + update field, run log written)",
      value: round(actions / seconds, 0),
      unit: "actions/s",
      target: { min: 500 },
      note: `${runs} runs × 2 steps through the tasks and deals services, 4 workers, ${batch} runs per transaction, ${round(seconds, 1)} s`,
    },
    {
      name: "automations: CPU per action (engine process + PostgreSQL backends)",
      value: round((nodeUs + postgresUs) / 1000, 2),
      unit: "ms",
      target: { max: 2 },
      note: `node ${round(nodeUs / 1000, 2)} ms + PostgreSQL ${round(postgresUs / 1000, 2)} ms per action; 2 cores ÷ this = the ceiling in actions/s`,
    },
    {
      name: "automations: statements per run (2 actions)",
      value: round(statements / Math.max(1, runs), 1),
      unit: "statements",
    },
  ];
}

/** 100,000 runs waiting in pg-boss (`startAfter` an hour ahead): request latency and due-job pickup. */
async function waits(ctx: BenchContext, d: AppDeps): Promise<Metric[]> {
  const n = ctx.quick ? 10_000 : 100_000;
  const latency = async () => {
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await ctx.fetchJson("/api/v1/contacts?limit=50", ctx.auth);
      times.push(performance.now() - t0);
    }
    return percentile(times, 95);
  };
  const before = await latency();
  const { ruleId, versionId } = await insertRule(ctx, "deals", {
    trigger: { kind: "recordCreated" },
    conditions: {},
    steps: [{ id: "w", type: "wait", wait: { mode: "duration", duration: { amount: 1, unit: "hours" } } }],
    options: OPTIONS,
  });
  const later = new Date(Date.now() + 3_600_000);
  for (let i = 0; i < n; i += 5_000) {
    const size = Math.min(5_000, n - i);
    const rows = await ctx.pool.query<{ id: string }>(
      `insert into automation_runs (rule_id, version_id, trigger_key, entity, status, wake_at, cursor)
       select $1, $2, 'wait:' || g, 'deals', 'waiting', $3, '[0]' from generate_series($4::int, $5::int) g
       returning id`,
      [ruleId, versionId, later, i, i + size - 1],
    );
    await d.jobs.boss.insert(
      rows.rows.map((r) => ({ name: RUN_JOB, data: { runId: r.id }, startAfter: later })),
    );
  }
  const after = await latency();
  // Due jobs among the 100k waiting ones: the worker's fetch (what runs every poll) picks them up.
  const due = await ctx.pool.query<{ id: string }>(
    "select id from automation_runs where rule_id = $1 limit 200",
    [ruleId],
  );
  await ctx.pool.query("update automation_runs set wake_at = now() where id = any($1)", [
    due.rows.map((r) => r.id),
  ]);
  await d.jobs.boss.insert(due.rows.map((r) => ({ name: RUN_JOB, data: { runId: r.id } })));
  const fetches: number[] = [];
  for (let got = 0; got < due.rows.length; ) {
    const t0 = performance.now();
    const jobs = await d.jobs.boss.fetch(RUN_JOB, { batchSize: 20 });
    fetches.push(performance.now() - t0);
    if (jobs.length === 0) break;
    got += jobs.length;
    await d.jobs.boss.complete(
      RUN_JOB,
      jobs.map((j) => j.id),
    );
  }
  await ctx.pool.query("update automation_rules set enabled = false where id = $1", [ruleId]);
  return [
    {
      name: `automations: contacts list p95 with ${n.toLocaleString("en")} waiting runs (before → after)`,
      value: round(after, 1),
      unit: "ms",
      note: `before ${round(before, 1)} ms; waits are pg-boss rows with start_after, untouched until due`,
    },
    {
      name: `automations: due-job fetch with ${n.toLocaleString("en")} waiting (p95 per poll)`,
      value: round(percentile(fetches, 95), 1),
      unit: "ms",
      target: { max: 5000 },
      note: "a worker polls every 2 s (NOTIFY wakes it at once for jobs due now): a due wait fires within poll + fetch",
    },
  ];
}

async function insertRule(ctx: BenchContext, entity: string, definition: Definition) {
  const rule = await ctx.pool.query<{ id: string }>(
    `insert into automation_rules (entity, name, owner_id, enabled, trigger_kind)
     values ($1, $2, $3, true, $4) returning id`,
    [entity, `Bench ${Date.now()}`, ctx.adminId, definition.trigger.kind],
  );
  const ruleId = rule.rows[0]?.id as string;
  const v = await ctx.pool.query<{ id: string }>(
    "insert into automation_rule_versions (rule_id, version, definition) values ($1, 1, $2) returning id",
    [ruleId, JSON.stringify(definition)],
  );
  const versionId = v.rows[0]?.id as string;
  await ctx.pool.query("update automation_rules set current_version_id = $1 where id = $2", [
    versionId,
    ruleId,
  ]);
  return { ruleId, versionId };
}

/** The throughput measure alone (`automations-bench.ts --throughput`): actions/s, CPU and statements per action. */
export async function automationThroughput(ctx: BenchContext): Promise<Metric[]> {
  const jobs = new JobQueue(ctx.databaseUrl, pino({ level: "silent" }));
  await jobs.start({ work: false });
  try {
    return await throughput(ctx, deps(ctx, jobs));
  } finally {
    await jobs.stop();
  }
}

export const automations: Scenario = {
  name: "automations",
  unavailable: (ctx) => (ctx.routes.has("GET /api/v1/automations") ? null : "no automations module"),
  async measure(ctx) {
    const jobs = new JobQueue(ctx.databaseUrl, pino({ level: "silent" }));
    await jobs.start({ work: false });
    try {
      const d = deps(ctx, jobs);
      ctx.log(`automations: consumer ${AUTOMATION_CONSUMER}`);
      return [...(await matching(ctx)), ...(await throughput(ctx, d)), ...(await waits(ctx, d))];
    } finally {
      await jobs.stop();
    }
  },
};
