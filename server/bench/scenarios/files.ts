import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { startServerProcess } from "../server-process.js";
import type { BenchContext, Metric, Scenario } from "./types.js";

/** 50 MB (BENCH_FILES_BYTES to compare sizes: flat memory means the same RSS growth for any size). */
const SIZE = Number(process.env.BENCH_FILES_BYTES ?? 50_000_000);
const PIECE = 256 * 1024;

function rssMb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)\s+kB/);
    return line ? Number(line[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every 50 ms while `work` runs; the peak in MB. */
async function peakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; peak: number; cpu: number }> {
  let peak = rssMb(pid);
  const cpu0 = cpuSeconds(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 50);
  try {
    const result = await work();
    peak = Math.max(peak, rssMb(pid));
    return { result, peak, cpu: cpuSeconds(pid) - cpu0 };
  } finally {
    clearInterval(timer);
  }
}

/** Sends 50 MB of incompressible bytes piece by piece (the client never holds the file either). */
function upload(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const seed = randomBytes(PIECE);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/octet-stream", "content-length": String(SIZE) },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    let sent = 0;
    const pump = () => {
      while (sent < SIZE) {
        const n = Math.min(PIECE, SIZE - sent);
        const piece = Buffer.from(seed.subarray(0, n));
        piece.writeUInt32BE(sent >>> 0, 0); // every piece differs: no accidental repetition
        sent += n;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

/** Streams a download and counts its bytes. */
function download(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`download: ${res.statusCode}`));
      let bytes = 0;
      res.on("data", (d: Buffer) => {
        bytes += d.length;
      });
      res.on("end", () => resolve(bytes));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Upload and download of a 50 MB file to/from the local-disk file store (DATA_DIR/files) through the real
 * HTTP API, in a server process of its own (so its RSS is the files path's only): MB/s each way and the
 * server's peak RSS over its idle RSS (flat memory: the file streams, it is never held whole).
 */
export const files: Scenario = {
  name: "files",
  unavailable: (ctx) => (ctx.routes.has("POST /api/v1/files") ? null : "no /api/v1/files route"),
  async measure(ctx: BenchContext): Promise<Metric[]> {
    const dataDir = mkdtempSync(path.join(tmpdir(), "tandem-bench-files-"));
    const before = process.env.DATA_DIR;
    process.env.DATA_DIR = dataDir;
    const server = await startServerProcess({ databaseUrl: ctx.databaseUrl, log: ctx.log }).finally(() => {
      if (before === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = before;
    });
    try {
      const record = ctx.records.busyContactId;
      const url = `${server.baseUrl}/api/v1/files?recordType=contacts&recordId=${record}&name=bench.bin`;
      // Warm up (JIT, pool, first blob directory) with a small file, then take the idle RSS.
      const warm = await fetch(url, {
        method: "POST",
        headers: { ...ctx.auth, "content-type": "application/octet-stream" },
        body: randomBytes(64 * 1024),
      });
      if (warm.status !== 201) throw new Error(`warm-up upload: ${warm.status} ${await warm.text()}`);
      await new Promise((r) => setTimeout(r, 500));
      const idle = rssMb(server.pid);

      const up = await peakRss(server.pid, async () => {
        const started = performance.now();
        const res = await upload(url, ctx.auth);
        const json = JSON.parse(res.body) as { id: string; size: number };
        if (res.status !== 201 || json.size !== SIZE) throw new Error(`upload: ${res.status} ${res.body}`);
        return { ms: performance.now() - started, id: json.id };
      });
      const down = await peakRss(server.pid, async () => {
        const started = performance.now();
        const bytes = await download(`${server.baseUrl}/api/v1/files/${up.result.id}/download`, ctx.auth);
        if (bytes !== SIZE) throw new Error(`download: ${bytes} bytes`);
        return performance.now() - started;
      });
      const mbps = (ms: number) => Math.round((SIZE / 1_000_000 / (ms / 1000)) * 10) / 10;
      const growth = Math.round(Math.max(up.peak, down.peak) - idle);
      // Per CPU second of the server: what one free core sustains, whatever else the machine runs.
      const perCpu = (cpu: number) => (cpu > 0 ? Math.round(SIZE / 1_000_000 / cpu) : 0);
      const load = Math.round((loadavg()[0] ?? 0) * 10) / 10;
      ctx.log(
        `files: upload ${mbps(up.result.ms)} MB/s (${up.cpu.toFixed(2)} server CPU s → ${perCpu(up.cpu)} MB per CPU s), download ${mbps(down.result)} MB/s (${down.cpu.toFixed(2)} CPU s → ${perCpu(down.cpu)} MB per CPU s), server RSS idle ${Math.round(idle)} MB, peak +${growth} MB, load average ${load}`,
      );
      return [
        {
          name: "files: 50 MB upload",
          value: mbps(up.result.ms),
          unit: "MB/s",
          target: { min: 100 },
          note: `${perCpu(up.cpu)} MB per server CPU second; load average ${load}`,
        },
        {
          name: "files: 50 MB download",
          value: mbps(down.result),
          unit: "MB/s",
          target: { min: 100 },
          note: `${perCpu(down.cpu)} MB per server CPU second`,
        },
        {
          name: "files: server RSS growth during upload/download",
          value: growth,
          unit: "MB",
          target: { max: 64 },
          note: `idle ${Math.round(idle)} MB`,
        },
      ];
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
