import fs from "node:fs";
import path from "node:path";

/**
 * Which Tandem process runs the embedded PostgreSQL of a DATA_DIR. The process that starts the cluster writes
 * `DATA_DIR/pg-owner.pid`; another process finding a live owner there must not start, stop or "recover" the
 * cluster (a postmaster whose owner is alive is not an orphan). The file is removed when the owner stops
 * PostgreSQL; one left behind by a killed owner is stale and taken over.
 */
export const OWNER_FILE = "pg-owner.pid";

/** How long an owner may take from claiming the directory to PostgreSQL being up (initdb included). */
const STARTING_GRACE_MS = 180_000;

export type Claim = { owned: true; release(): void } | { owned: false; ownerPid: number };

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The running postmaster of a cluster directory (postmaster.pid: pid, …, port on line 4, status on line 8). */
export function runningPostmaster(pgDir: string): { pid: number; port: number; ready: boolean } | null {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  return { pid, port, ready: lines[7]?.trim() === "ready" && Number.isInteger(port) };
}

/**
 * A live pid in the owner file counts only while its cluster runs (or is still starting): after a reboot the
 * pid may belong to an unrelated process.
 */
function liveOwner(dataDir: string): number | null {
  const file = path.join(dataDir, OWNER_FILE);
  const pid = readPid(file);
  if (pid === null || pid === process.pid || !isAlive(pid)) return null;
  if (runningPostmaster(path.join(dataDir, "pg"))) return pid;
  const age = Date.now() - fs.statSync(file).mtimeMs;
  return age < STARTING_GRACE_MS ? pid : null;
}

/**
 * Creates `file` with `content` unless it exists; false when another process created it first. Written whole
 * under a temporary name and hard-linked into place, so a reader never sees it half-written; where the file
 * system has no hard links, an exclusive create does.
 */
export function createExclusive(file: string, content: string, mode = 0o644): boolean {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}`);
  fs.writeFileSync(tmp, content, { mode });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    try {
      fs.writeFileSync(file, content, { flag: "wx", mode });
      return true;
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw again;
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Claims the cluster of `dataDir` for this process, or names the live process that already runs it. */
export function claimCluster(dataDir: string): Claim {
  const file = path.join(dataDir, OWNER_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(file, `${process.pid}\n`)) {
      return {
        owned: true,
        release: () => {
          if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    }
    const owner = liveOwner(dataDir);
    if (owner !== null) return { owned: false, ownerPid: owner };
    fs.rmSync(file, { force: true }); // stale: its owner was killed or the machine restarted
  }
  throw new Error(`Could not take over ${file}; another process keeps recreating it.`);
}
