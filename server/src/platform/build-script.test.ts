import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** scripts/build.mjs: `npm start` builds only what changed since the last build. */
const repoRoot = path.resolve(import.meta.dirname, "../../..");

interface Target {
  name: string;
  label: string;
  cwd: string;
  inputs: string[];
  skip?: RegExp;
  out: string;
  command: string[];
}
interface BuildModule {
  TARGETS: Target[];
  STAMP: string;
  buildIfChanged(
    targets: Target[],
    opts?: { force?: boolean; log?: (l: string) => void; error?: (l: string) => void },
  ): Promise<boolean>;
}

let build: BuildModule;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-build-"));
const counter = path.join(tmp, "builds.txt");
// A stand-in build: counts its runs, writes its output, fails when src/FAIL exists.
const buildScript = `const fs=require("fs");fs.appendFileSync(${JSON.stringify(counter)},"x");
if(fs.existsSync("src/FAIL")){console.error("syntax error in src/a.ts");process.exit(2)}
fs.mkdirSync("dist",{recursive:true});fs.writeFileSync("dist/out.js","built")`;
const target: Target = {
  name: "demo",
  label: "the demo",
  cwd: tmp,
  inputs: ["src", "config.json", "missing-optional.json"],
  skip: /\.test\.ts$/,
  out: "dist",
  command: [process.execPath, "-e", buildScript],
};
const builds = () => (fs.existsSync(counter) ? fs.readFileSync(counter, "utf8").length : 0);

async function runBuild(opts: { force?: boolean } = {}) {
  const lines: string[] = [];
  const ok = await build.buildIfChanged([target], {
    ...opts,
    log: (l) => lines.push(l),
    error: (l) => lines.push(l),
  });
  return { ok, out: lines.join("\n") };
}

beforeAll(async () => {
  build = (await import(pathToFileURL(path.join(repoRoot, "scripts/build.mjs")).href)) as BuildModule;
  fs.mkdirSync(path.join(tmp, "src"));
  fs.writeFileSync(path.join(tmp, "src", "a.ts"), "export const a = 1;\n");
  fs.writeFileSync(path.join(tmp, "src", "a.test.ts"), "test\n");
  fs.writeFileSync(path.join(tmp, "config.json"), "{}\n");
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("scripts/build.mjs", () => {
  it("builds the first time, saying what and why, and records the sources it built", async () => {
    const res = await runBuild();
    expect(res.ok).toBe(true);
    expect(res.out).toMatch(/^Building the demo \(first build\)…\nBuilt the demo in \d+\.\d s\.$/);
    expect(builds()).toBe(1);
    expect(fs.existsSync(path.join(tmp, "dist", build.STAMP))).toBe(true);
  });

  it("does nothing when the sources did not change (touched files, edited tests included)", async () => {
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(tmp, "src", "a.ts"), future, future);
    fs.writeFileSync(path.join(tmp, "src", "a.test.ts"), "test changed\n");
    const res = await runBuild();
    expect(res).toEqual({ ok: true, out: "" });
    expect(builds()).toBe(1);
  });

  it("rebuilds after a source, a config file or the file list changed", async () => {
    fs.writeFileSync(path.join(tmp, "src", "a.ts"), "export const a = 2;\n");
    expect((await runBuild()).out).toContain("Building the demo (sources changed)…");
    expect(builds()).toBe(2);
    fs.writeFileSync(path.join(tmp, "config.json"), '{"x":1}\n');
    await runBuild();
    expect(builds()).toBe(3);
    fs.writeFileSync(path.join(tmp, "src", "b.ts"), "export const a = 2;\n");
    await runBuild();
    expect(builds()).toBe(4);
    expect((await runBuild()).out).toBe("");
    expect(builds()).toBe(4);
  });

  it("a failed build prints its output, fails, and is retried on the next start", async () => {
    fs.writeFileSync(path.join(tmp, "src", "FAIL"), "");
    const failed = await runBuild();
    expect(failed.ok).toBe(false);
    expect(failed.out).toContain("syntax error in src/a.ts");
    expect(failed.out).toContain("Building the demo failed (see above).");
    expect(fs.existsSync(path.join(tmp, "dist", build.STAMP))).toBe(false);
    fs.rmSync(path.join(tmp, "src", "FAIL"));
    const again = await runBuild();
    expect(again.ok).toBe(true);
    expect(again.out).toContain("Building the demo (no record of the last build)…");
  });

  it("--force builds even when nothing changed", async () => {
    const before = builds();
    expect((await runBuild({ force: true })).out).toContain("Building the demo (asked for)…");
    expect(builds()).toBe(before + 1);
  });

  it("the real web and server inputs exist, so none drops out of the fingerprint unnoticed", () => {
    for (const t of build.TARGETS) {
      for (const input of t.inputs) expect(fs.existsSync(path.join(t.cwd, input)), input).toBe(true);
    }
  });
});
