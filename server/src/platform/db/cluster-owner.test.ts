import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claimCluster, createExclusive, OWNER_FILE } from "./cluster-owner.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-owner-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function dataDir(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, "pg"), { recursive: true });
  return dir;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const res = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(res.stdout);
}

describe("claimCluster", () => {
  it("claims a free directory, writes this pid and removes it on release", () => {
    const dir = dataDir("free");
    const claim = claimCluster(dir);
    expect(claim.owned).toBe(true);
    expect(fs.readFileSync(path.join(dir, OWNER_FILE), "utf8").trim()).toBe(String(process.pid));
    if (claim.owned) claim.release();
    expect(fs.existsSync(path.join(dir, OWNER_FILE))).toBe(false);
  });

  it("names a live owner that is still starting its cluster", () => {
    const dir = dataDir("starting");
    fs.writeFileSync(path.join(dir, OWNER_FILE), `${process.ppid}\n`);
    expect(claimCluster(dir)).toEqual({ owned: false, ownerPid: process.ppid });
  });

  it("takes over the file of a killed owner", () => {
    const dir = dataDir("killed");
    fs.writeFileSync(path.join(dir, OWNER_FILE), `${deadPid()}\n`);
    const claim = claimCluster(dir);
    expect(claim.owned).toBe(true);
    expect(fs.readFileSync(path.join(dir, OWNER_FILE), "utf8").trim()).toBe(String(process.pid));
  });

  it("takes over when the pid is alive but no cluster has run for long (a pid reused after a reboot)", () => {
    const dir = dataDir("reused");
    const file = path.join(dir, OWNER_FILE);
    fs.writeFileSync(file, `${process.ppid}\n`);
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(file, hourAgo, hourAgo);
    expect(claimCluster(dir).owned).toBe(true);
  });
});

describe("createExclusive", () => {
  it("creates once; a second attempt leaves the first content", () => {
    const file = path.join(tmp, "once.json");
    expect(createExclusive(file, "first")).toBe(true);
    expect(createExclusive(file, "second")).toBe(false);
    expect(fs.readFileSync(file, "utf8")).toBe("first");
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith(".once.json"))).toEqual([]);
  });
});
