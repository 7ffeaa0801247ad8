/**
 * CPU time per request (issue 10 item 21): the server process's and the PostgreSQL backends' user + system time
 * (from /proc, Linux only) around a fixed number of requests. Unlike req/s it hardly moves with what else the
 * machine runs, so it is the figure to compare on a shared machine.
 */
import fs from "node:fs";
import autocannon from "autocannon";
import type pg from "pg";
import type { HttpRequest, SqlFloor } from "./measure.js";

export interface CpuPerRequest {
  requests: number;
  errors: number;
  /** µs of CPU per request: the server process (all its threads) and the database's backends. */
  serverUs: number;
  postgresUs: number | null;
  /** µs of CPU per request of the benchmark process itself (autocannon, the client), on the same cores. */
  clientUs?: number;
  /** System calls (read + write) per request of the server process, from /proc/PID/io (socket reads and writes). */
  serverSyscalls?: number | null;
  /** Requests per second of the measured run (wall; on a loaded machine no figure of the code). */
  reqPerSec?: number;
}

/** syscr + syscw of a process, or null when unreadable. */
function syscalls(pid: number): number | null {
  try {
    const io = fs.readFileSync(`/proc/${pid}/io`, "utf8");
    const n = (k: string) => Number(new RegExp(`^${k}: (\\d+)$`, "m").exec(io)?.[1] ?? Number.NaN);
    return n("syscr") + n("syscw");
  } catch {
    return null;
  }
}

const TICK_US = 1_000_000 / 100; // USER_HZ is 100 on Linux

/** utime + stime of a process in µs, or null when it is gone (or not Linux). */
export function processCpuUs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start after the last ")"; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return null;
  }
}

/** utime + stime in µs of a PostgreSQL postmaster and every process it forked (backends, workers). */
export function clusterCpuUs(postmaster: number): number {
  let us = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // Fields after the command start after the last ")": ppid is 4, utime and stime 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(entry) !== postmaster && Number(fields[1]) !== postmaster) continue;
    us += (Number(fields[11]) + Number(fields[12])) * TICK_US;
  }
  return us;
}

export async function backendPids(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
  );
  return rows.map((r) => r.pid);
}

function sumCpu(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const us = processCpuUs(pid);
    if (us !== null) out.set(pid, us);
  }
  return out;
}

export const cpuMeasurable = () => fs.existsSync("/proc/self/stat");

/**
 * Sends `amount` requests (after `warmUp` unmeasured ones) at `connections` and divides the CPU time the server
 * process `pid` and the database backends (other than `pool`'s measuring one) spent meanwhile.
 */
export async function measureCpu(
  baseUrl: string,
  req: HttpRequest,
  opts: { pid: number; pool: pg.Pool; amount: number; connections: number; warmUp?: number },
): Promise<CpuPerRequest> {
  const run = (amount: number) =>
    new Promise<{ ok: number; errors: number }>((resolve, reject) => {
      let ok = 0;
      let bad = 0;
      const inst = autocannon(
        {
          url: `${baseUrl}${req.path}`,
          method: req.method ?? "GET",
          connections: opts.connections,
          amount,
          headers: { ...(req.body ? { "content-type": "application/json" } : {}), ...req.headers },
          ...(req.body ? { body: JSON.stringify(req.body) } : {}),
        },
        (err, result) => (err ? reject(err) : resolve({ ok, errors: bad + result.errors + result.timeouts })),
      );
      inst.on("response", (_c, status) => {
        if (status >= 400) bad++;
        else ok++;
      });
    });
  await run(opts.warmUp ?? Math.min(1000, opts.amount));
  const pids = await backendPids(opts.pool);
  const server0 = processCpuUs(opts.pid);
  const pg0 = sumCpu(pids);
  const client0 = process.cpuUsage();
  const sys0 = syscalls(opts.pid);
  const wall0 = performance.now();
  const { ok, errors } = await run(opts.amount);
  const wall = performance.now() - wall0;
  const sys1 = syscalls(opts.pid);
  const client = process.cpuUsage(client0);
  const server1 = processCpuUs(opts.pid);
  const pg1 = sumCpu(pids);
  let pgUs = 0;
  for (const [pid, us] of pg1) pgUs += us - (pg0.get(pid) ?? us);
  const n = Math.max(1, ok + errors);
  return {
    requests: ok,
    errors,
    serverUs: server0 === null || server1 === null ? Number.NaN : Math.round((server1 - server0) / n),
    postgresUs: pg0.size > 0 ? Math.round(pgUs / n) : null,
    clientUs: Math.round((client.user + client.system) / n),
    serverSyscalls: sys0 === null || sys1 === null ? null : Math.round(((sys1 - sys0) / n) * 100) / 100,
    reqPerSec: Math.round((n / wall) * 1000),
  };
}

/**
 * The same for a route's SQL floor sent straight through `pool` (`serverUs`: this process's CPU), as unnamed
 * statements (parsed and planned each time) or `prepared` (named: parsed once per connection).
 */
export async function measureSqlCpu(
  pool: pg.Pool,
  floor: SqlFloor,
  opts: { amount: number; connections: number; prepared?: boolean },
): Promise<CpuPerRequest> {
  const clients = await Promise.all(Array.from({ length: opts.connections }, () => pool.connect()));
  try {
    const pids = await Promise.all(
      clients.map(
        async (c) => (await c.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]?.pid ?? 0,
      ),
    );
    let left = opts.amount;
    const loop = async (client: pg.PoolClient) => {
      while (left-- > 0) {
        if (floor.transaction) await client.query("begin");
        for (const [i, q] of floor.statements.entries())
          await client.query({
            ...(opts.prepared ? { name: `cpu_floor_${i}_${q.text.length}` } : {}),
            text: q.text,
            values: q.values ?? [],
          });
        if (floor.transaction) await client.query("commit");
      }
    };
    const pg0 = sumCpu(pids);
    const self0 = process.cpuUsage();
    await Promise.all(clients.map(loop));
    const self = process.cpuUsage(self0);
    const pg1 = sumCpu(pids);
    let pgUs = 0;
    for (const [pid, us] of pg1) pgUs += us - (pg0.get(pid) ?? us);
    return {
      requests: opts.amount,
      errors: 0,
      serverUs: Math.round((self.user + self.system) / opts.amount),
      postgresUs: Math.round(pgUs / opts.amount),
    };
  } finally {
    for (const c of clients) c.release();
  }
}
