// `npm start` / `npm run worker`: builds the web app and the server only when their sources changed since the last
// build (a fingerprint of the inputs' contents is kept in the output directory), printing a line per step and
// while it runs; an unchanged tree starts at once from the built output.
// `node scripts/build.mjs [web] [server] [--force]` (no names: both).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
export const STAMP = ".tandem-build.json";

/** What each part is built from; a test file or an e2e test does not make a rebuild. */
export const TARGETS = [
  {
    name: "web",
    label: "the web app",
    cwd: root,
    inputs: [
      "web/src",
      "web/public",
      "web/index.html",
      "web/vite.config.ts",
      "web/postcss.config.cjs",
      "web/tsconfig.json",
      "web/package.json",
      "package-lock.json",
    ],
    skip: /(\.test\.tsx?$|\/test\/)/,
    out: "web/dist",
    command: [npm, "run", "build", "-w", "web"],
  },
  {
    name: "server",
    label: "the server",
    cwd: root,
    inputs: [
      "server/src",
      "server/tsconfig.json",
      "tsconfig.base.json",
      "server/package.json",
      "package-lock.json",
    ],
    skip: /(\.test\.ts$|^server\/src\/test\/)/,
    out: "server/dist",
    command: [npm, "run", "build", "-w", "server"],
  },
];

function listFiles(base, rel, skip, acc) {
  const full = path.join(base, rel);
  let stat;
  try {
    stat = fs.statSync(full);
  } catch {
    return acc; // an optional input that does not exist
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) listFiles(base, `${rel}/${name}`, skip, acc);
  } else if (!skip?.test(rel)) {
    acc.push(rel);
  }
  return acc;
}

/** A hash of the inputs' paths and contents (contents, so a checkout that only touches files rebuilds nothing). */
export function fingerprint(target) {
  const hash = createHash("sha256");
  for (const rel of target.inputs.flatMap((i) => listFiles(target.cwd, i, target.skip, []))) {
    hash.update(`${rel}\0`);
    hash.update(fs.readFileSync(path.join(target.cwd, rel)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function stampFile(target) {
  return path.join(target.cwd, target.out, STAMP);
}

/** Why the target must be built, or null when its output is current. */
export function buildReason(target) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile(target), "utf8"));
  } catch {
    return fs.existsSync(path.join(target.cwd, target.out)) ? "no record of the last build" : "first build";
  }
  return stamp.fingerprint === fingerprint(target) ? null : "sources changed";
}

function run(target, log) {
  return new Promise((resolve) => {
    const [cmd, ...args] = target.command;
    const child = spawn(cmd, args, { cwd: target.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    const started = Date.now();
    const ticker = setInterval(() => {
      log(`  … still building ${target.label} (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 10_000);
    child.on("error", (err) => {
      output += String(err);
    });
    child.on("close", (code) => {
      clearInterval(ticker);
      resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** Builds each target whose sources changed; false (after printing the build's output) when one fails. */
export async function buildIfChanged(
  targets,
  { force = false, log = console.log, error = console.error } = {},
) {
  for (const target of targets) {
    const reason = force ? "asked for" : buildReason(target);
    if (!reason) continue;
    log(`Building ${target.label} (${reason})…`);
    // Computed before the build, so an edit made while it runs triggers the next one.
    const print = fingerprint(target);
    fs.rmSync(stampFile(target), { force: true });
    const res = await run(target, log);
    if (res.code !== 0) {
      error(res.output.trimEnd());
      error(`Building ${target.label} failed (see above).`);
      return false;
    }
    fs.mkdirSync(path.dirname(stampFile(target)), { recursive: true });
    fs.writeFileSync(
      stampFile(target),
      `${JSON.stringify({ fingerprint: print, builtAt: new Date().toISOString() })}\n`,
    );
    log(`Built ${target.label} in ${res.seconds.toFixed(1)} s.`);
  }
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith("--"));
  const targets = TARGETS.filter((t) => names.length === 0 || names.includes(t.name));
  const ok = await buildIfChanged(targets, { force: args.includes("--force") });
  if (!ok) process.exit(1);
}
