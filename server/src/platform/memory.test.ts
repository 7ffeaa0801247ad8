import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Allocates churn in a fresh node process and reports the young generation's size in MB. */
function newSpaceMb(favour: boolean): number {
  const module = path.join(import.meta.dirname, "memory.ts");
  const script = `
    const { favourMemoryOverSpeed } = await import(${JSON.stringify(module)});
    if (${favour}) favourMemoryOverSpeed();
    let keep = [];
    for (let i = 0; i < 2e6; i++) { keep.push({ a: i, b: "x" + i }); if (keep.length > 2e5) keep = []; }
    const v8 = await import("node:v8");
    const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === "new_space");
    console.log(Math.round(s.space_size / 1048576));`;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  return Number(out.trim());
}

describe("worker memory mode", () => {
  it("keeps V8's young generation small once set (the default grows it under allocation churn)", () => {
    expect(newSpaceMb(true)).toBeLessThanOrEqual(16);
    expect(newSpaceMb(false)).toBeGreaterThan(16);
  });
});
