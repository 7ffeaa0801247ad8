import autocannon from "autocannon";
import type pg from "pg";

export interface Stats {
  p50: number;
  p95: number;
  p99: number;
  /** Completed requests (or queries) per second. */
  rps: number;
  count: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

function summarize(latencies: number[], seconds: number, errors: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    rps: Math.round(latencies.length / seconds),
    count: latencies.length,
    errors,
  };
}

export interface HttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Fewer samples than this and percentiles mean nothing: a run goes on (by request count) until it has them. */
export const MIN_SAMPLES = 20;

function autocannonRun(
  baseUrl: string,
  req: HttpRequest,
  opts: { connections: number; seconds?: number; amount?: number },
  latencies: number[],
): Promise<{ seconds: number; errors: number }> {
  return new Promise((resolve, reject) => {
    let bad = 0;
    const inst = autocannon(
      {
        url: `${baseUrl}${req.path}`,
        method: req.method ?? "GET",
        connections: opts.connections,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds ?? 1 }),
        headers: { ...(req.body ? { "content-type": "application/json" } : {}), ...req.headers },
        ...(req.body ? { body: JSON.stringify(req.body) } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({ seconds: result.duration, errors: bad + result.errors + result.timeouts });
      },
    );
    inst.on("response", (_c, status, _b, ms) => {
      if (status >= 400) bad++;
      else latencies.push(ms);
    });
  });
}

/** Drives one request with autocannon; every response's latency is kept (autocannon reports no p95). */
export async function measureHttp(
  baseUrl: string,
  req: HttpRequest,
  opts: { connections: number; seconds: number },
): Promise<Stats> {
  const latencies: number[] = [];
  let { seconds, errors } = await autocannonRun(baseUrl, req, opts, latencies);
  if (latencies.length < MIN_SAMPLES && errors === 0) {
    const more = await autocannonRun(
      baseUrl,
      req,
      { connections: opts.connections, amount: Math.max(opts.connections, MIN_SAMPLES - latencies.length) },
      latencies,
    );
    seconds += more.seconds;
    errors += more.errors;
  }
  return summarize(latencies, seconds, errors);
}

export interface SqlQuery {
  text: string;
  values?: unknown[];
}

/** The floor of a case: the statements a route's service sends (one or several), optionally in a transaction. */
export interface SqlFloor {
  statements: SqlQuery[];
  transaction: boolean;
}

export const floorOf = (q: SqlQuery): SqlFloor => ({ statements: [q], transaction: false });

/** The floor: the same statements straight through `pg`, with the same concurrency, for the same time. */
export async function measureSql(
  pool: pg.Pool,
  floor: SqlFloor,
  opts: { connections: number; seconds: number },
): Promise<Stats> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < deadline || latencies.length < MIN_SAMPLES) {
          const t0 = performance.now();
          if (floor.transaction) await client.query("begin");
          for (const q of floor.statements) await client.query(q.text, q.values ?? []);
          if (floor.transaction) await client.query("commit");
          latencies.push(performance.now() - t0);
        }
      } finally {
        client.release();
      }
    }),
  );
  return summarize(latencies, (performance.now() - started) / 1000, 0);
}
