import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A clean `npm install` prints no warning a newcomer would worry about: every locked package runs on the oldest
 * Node.js the README promises (no EBADENGINE), and every package with an install script is covered by the root
 * package.json's `allowScripts` (npm 11 lists uncovered ones).
 */
const root = path.resolve(import.meta.dirname, "../../..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
  packages: Record<
    string,
    {
      version?: string;
      engines?: { node?: string };
      hasInstallScript?: boolean;
      os?: string[];
      cpu?: string[];
    }
  >;
};
/** Installed somewhere we support: Linux or macOS on x64 or arm64 (README). */
const supported = (p: { os?: string[]; cpu?: string[] }) =>
  (!p.os || p.os.some((o) => o === "linux" || o === "darwin")) &&
  (!p.cpu || p.cpu.some((c) => c === "x64" || c === "arm64"));
const locked = Object.entries(lock.packages)
  .filter(([key, p]) => key.includes("node_modules/") && supported(p))
  .map(([key, p]) => ({ name: key.slice(key.lastIndexOf("node_modules/") + 13), ...p }));

describe("npm install hygiene", () => {
  it("every locked package supports the oldest promised Node.js", async () => {
    const lib = "semver"; // npm's own range parser (no type declarations installed)
    const semver = (await import(lib)) as {
      satisfies(v: string, range: string, opts?: object): boolean;
      minVersion(range: string): { version: string } | null;
    };
    const oldest = semver.minVersion(manifest.engines.node)?.version ?? "";
    expect(oldest).toBe("20.19.0");
    const refusing = locked
      .filter(
        (p) => p.engines?.node && !semver.satisfies(oldest, p.engines.node, { includePrerelease: true }),
      )
      .map((p) => `${p.name}@${p.version} (node ${p.engines?.node})`);
    expect(refusing).toEqual([]);
  });

  it("every package with an install script is declared in allowScripts", () => {
    const allowed = manifest.allowScripts ?? {};
    const uncovered = locked
      .filter((p) => p.hasInstallScript)
      .filter((p) => allowed[p.name] === undefined && allowed[`${p.name}@${p.version}`] === undefined)
      .map((p) => `${p.name}@${p.version}`);
    expect(uncovered).toEqual([]);
  });
});
