import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** scripts/check-clean.sh: the API-client drift check of .ci/run (after `npm run gen:api`). */
const script = path.resolve(import.meta.dirname, "../../../scripts/check-clean.sh");
const repo = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-drift-"));
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
const check = () => spawnSync("bash", [script, "api/"], { cwd: repo, encoding: "utf8" });

beforeAll(() => {
  git("init", "-q");
  git("config", "user.email", "ci@example.com");
  git("config", "user.name", "CI");
  fs.mkdirSync(path.join(repo, "api"));
  fs.writeFileSync(path.join(repo, "api", "openapi.json"), "{}\n");
  fs.writeFileSync(path.join(repo, "other.txt"), "x\n");
  git("add", ".");
  git("commit", "-qm", "base");
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

describe("scripts/check-clean.sh", () => {
  it("passes when the directory matches the commit, whatever changed elsewhere", () => {
    fs.writeFileSync(path.join(repo, "other.txt"), "changed\n");
    const res = check();
    expect(res.status, res.stdout + res.stderr).toBe(0);
  });

  it("fails on a changed file and shows the diff", () => {
    fs.writeFileSync(path.join(repo, "api", "openapi.json"), '{"paths":{}}\n');
    const res = check();
    expect(res.status).toBe(1);
    expect(res.stdout).toContain(" M api/openapi.json");
    expect(res.stdout).toContain('+{"paths":{}}');
    git("checkout", "-q", "--", "api/openapi.json");
  });

  it("fails on a new untracked file, which git diff alone does not see", () => {
    fs.mkdirSync(path.join(repo, "api", "generated"));
    fs.writeFileSync(path.join(repo, "api", "generated", "client.ts"), "export {};\n");
    expect(spawnSync("git", ["diff", "--exit-code", "--", "api/"], { cwd: repo }).status).toBe(0);
    const res = check();
    expect(res.status).toBe(1);
    expect(res.stdout).toContain("?? api/generated/client.ts");
    fs.rmSync(path.join(repo, "api", "generated"), { recursive: true });
    expect(check().status).toBe(0);
  });
});
