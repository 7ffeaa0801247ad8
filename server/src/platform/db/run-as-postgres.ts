import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PostgreSQL refuses to run as root, so as root the embedded cluster runs as the `postgres` user, which must be
 * able to reach both the binaries (inside node_modules) and the data directory. On a fresh VPS the project is
 * cloned into `/root` (mode 0700), where that user can reach neither; then both are placed under `SHARED_ROOT`
 * (binaries copied once per version, the data directory linked from `DATA_DIR/pg`).
 */
export const SHARED_ROOT = "/var/lib/tandem-crm";

export interface Account {
  uid: number;
  gid: number;
}

/** A refusal that names the cause and the fix on one line (the start prints it instead of a stack trace). */
export class ReachError extends Error {}

function lookup(flag: "-u" | "-g"): number | null {
  try {
    return Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: "pipe" }).trim());
  } catch {
    return null;
  }
}

/** The account PostgreSQL runs as: null when this process is not root; created when missing (Linux). */
export function postgresAccount(): Account | null {
  if (os.userInfo().uid !== 0) return null;
  let uid = lookup("-u");
  if (uid === null) {
    try {
      spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
      execFileSync(
        "useradd",
        ["--system", "-g", "postgres", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", "postgres"],
        {
          stdio: "pipe",
        },
      );
    } catch {
      throw new ReachError(
        "PostgreSQL cannot run as root and there is no postgres user to run it as; create one (useradd postgres) or start Tandem CRM as a non-root user.",
      );
    }
    uid = lookup("-u");
  }
  const gid = lookup("-g");
  if (uid === null || gid === null) throw new ReachError("Could not look up the postgres user's ids.");
  return { uid, gid };
}

/** Whether `account` passes `test <flag> <file>` (every parent directory must be searchable for it too). */
export function canReach(account: Account, file: string, flag: "-x" | "-r" | "-w"): boolean {
  const res = spawnSync("/bin/sh", ["-c", `test ${flag} "$1"`, "sh", file], {
    uid: account.uid,
    gid: account.gid,
    stdio: "ignore",
  });
  return res.status === 0;
}

function ensureShared(): void {
  fs.mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
  fs.chmodSync(SHARED_ROOT, 0o755);
}

/**
 * The binaries' directory the account can run: the package's own, or a copy under SHARED_ROOT made once
 * (written under a temporary name and renamed, so a half copy is never used).
 */
export function reachableBinaries(nativeDir: string, account: Account, version: string): string {
  const own = path.join(nativeDir, "bin");
  if (canReach(account, path.join(own, "postgres"), "-x")) return own;
  const target = path.join(SHARED_ROOT, `postgres-${version}-${process.platform}-${process.arch}`);
  try {
    if (!fs.existsSync(path.join(target, "bin", "postgres"))) {
      ensureShared();
      const tmp = `${target}.${process.pid}.tmp`;
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.cpSync(nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
      fs.chmodSync(tmp, 0o755);
      try {
        fs.renameSync(tmp, target);
      } catch (err) {
        fs.rmSync(tmp, { recursive: true, force: true });
        if (!fs.existsSync(path.join(target, "bin", "postgres"))) throw err; // else another process won the race
      }
    }
  } catch (err) {
    throw new ReachError(
      `The postgres user cannot run the PostgreSQL binaries in ${nativeDir} (a parent directory is closed to it) and copying them to ${target} failed (${(err as NodeJS.ErrnoException).code ?? err}); put the project in a directory others may enter (e.g. /opt/tandem) or start as a non-root user.`,
    );
  }
  const bin = path.join(target, "bin");
  if (!canReach(account, path.join(bin, "postgres"), "-x")) {
    throw new ReachError(`The postgres user cannot run ${bin}; check the permissions of ${SHARED_ROOT}.`);
  }
  return bin;
}

/**
 * The cluster directory for `DATA_DIR`: `DATA_DIR/pg` when the account can reach it; otherwise a directory
 * under SHARED_ROOT owned by the account, linked from `DATA_DIR/pg` (so backups, restores and the next start
 * find it). Returns the real path, which is what PostgreSQL gets.
 */
export function reachableDataDir(dataDir: string, account: Account): { pgDir: string; moved: boolean } {
  const link = path.join(dataDir, "pg");
  const stat = fs.lstatSync(link, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) return { pgDir: path.resolve(dataDir, fs.readlinkSync(link)), moved: true };
  if (stat) {
    if (canReach(account, link, "-w")) return { pgDir: link, moved: false };
    if (fs.readdirSync(link).length > 0) {
      throw new ReachError(
        `The postgres user cannot reach the database in ${link} (a parent directory is closed to it); make the parents of DATA_DIR enterable (chmod o+x) or move DATA_DIR to a directory others may enter.`,
      );
    }
    fs.rmdirSync(link);
  } else if (canReach(account, dataDir, "-x")) {
    return { pgDir: link, moved: false };
  }
  const key = createHash("sha256").update(fs.realpathSync(dataDir)).digest("hex").slice(0, 12);
  const home = path.join(SHARED_ROOT, `data-${key}`);
  try {
    ensureShared();
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    fs.chownSync(home, account.uid, account.gid);
    fs.symlinkSync(path.join(home, "pg"), link);
  } catch (err) {
    throw new ReachError(
      `The postgres user cannot enter DATA_DIR ${dataDir} and ${home} could not be prepared instead (${(err as NodeJS.ErrnoException).code ?? err}); set DATA_DIR to a directory others may enter.`,
    );
  }
  return { pgDir: path.join(home, "pg"), moved: true };
}
