#!/usr/bin/env node
/**
 * Module boundaries, run by `npm run lint`:
 * - a server module (`server/src/modules/<m>/`) imports another module only through its entry file `module.ts`
 *   (the `AppModule` and the module's public surface);
 * - `server/src/platform/` imports no module at all (modules contribute through the `AppModule` contract);
 * - the web's shared layers (`web/src/ui/`, `api/`, `i18n/`) import no feature (`web/src/features/`);
 * - a web feature imports another feature only through its entry files: `index.ts` (what it offers others), or
 *   `index.<part>.ts` where a part must not be loaded with the rest (a chunk importing an entry evaluates, and so
 *   bundles, every module it re-exports, even unused ones).
 * Tests (`*.test.ts` and helpers named `test-*.ts`) may reach into any module. Imports that broke a rule
 * before the rule existed are listed in `scripts/boundaries-allowed.txt` (`from -> to`, one pair a line); any
 * other one fails. `--prune` rewrites that file without the pairs that are gone.
 */
import fs from "node:fs";
import path from "node:path";

const root = process.env.BOUNDARIES_ROOT ?? path.resolve(import.meta.dirname, "..");
const allowFile = path.join(root, "scripts/boundaries-allowed.txt");
const MODULES = "server/src/modules/";
const PLATFORM = "server/src/platform/";
const ENTRY = "module.ts";
const WEB_SHARED = ["web/src/ui/", "web/src/api/", "web/src/i18n/"];
const FEATURES = "web/src/features/";
const FEATURE_ENTRY = "index";

/** `web/src/features/<f>/…` → `<f>`, else null. */
function featureOf(rel) {
  if (!rel.startsWith(FEATURES)) return null;
  const rest = rel.slice(FEATURES.length);
  const slash = rest.indexOf("/");
  return slash === -1 ? rest.replace(/\.tsx?$/, "") : rest.slice(0, slash);
}

/** The feature's entries: the folder itself, its `index` or an `index.<part>`, with or without an extension. */
const isFeatureEntry = (target, feature) =>
  target === `${FEATURES}${feature}` ||
  /^index(\.[a-z][\w-]*)?(\.tsx?)?$/.test(target.slice(`${FEATURES}${feature}/`.length));

const IMPORT_RE =
  /(?:^|[\s;}])(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function* sourceFiles(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) yield full;
  }
}

const isTestFile = (rel) => /(\.test\.tsx?|\/test-[\w-]+\.ts)$/.test(rel);

/** `server/src/modules/<m>/…` → `<m>`, else null. */
function moduleOf(rel) {
  if (!rel.startsWith(MODULES)) return null;
  const rest = rel.slice(MODULES.length);
  const slash = rest.indexOf("/");
  return slash === -1 ? null : rest.slice(0, slash);
}

/** Resolves a relative specifier of `fromRel` to a repository path (`.js` → `.ts`), or null for packages. */
function resolve(fromRel, spec) {
  if (!spec.startsWith(".")) return null;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec));
  return target.replace(/\.js$/, ".ts");
}

function violations() {
  const found = new Map();
  for (const dir of [MODULES, PLATFORM, ...WEB_SHARED, FEATURES]) {
    for (const file of sourceFiles(path.join(root, dir))) {
      const rel = path.relative(root, file).split(path.sep).join("/");
      if (isTestFile(rel)) continue;
      const source = fs.readFileSync(file, "utf8");
      const fromModule = moduleOf(rel);
      for (const m of source.matchAll(IMPORT_RE)) {
        const target = resolve(rel, m[1] ?? m[2]);
        if (!target) continue;
        if (dir === FEATURES) {
          const from = featureOf(rel);
          const to = featureOf(target);
          if (to && from !== to && !isFeatureEntry(target, to))
            found.set(`${rel} -> ${target}`, `another feature only through its ${FEATURE_ENTRY}.ts`);
          continue;
        }
        if (dir !== MODULES && dir !== PLATFORM) {
          if (target.startsWith(FEATURES)) found.set(`${rel} -> ${target}`, `${dir} imports no feature`);
          continue;
        }
        const toModule = moduleOf(target);
        if (!toModule && !target.startsWith(MODULES)) continue;
        let reason = null;
        if (rel.startsWith(PLATFORM)) reason = "platform/ imports no module";
        else if (
          fromModule &&
          toModule &&
          fromModule !== toModule &&
          target !== `${MODULES}${toModule}/${ENTRY}`
        )
          reason = `another module only through its ${ENTRY}`;
        if (reason) found.set(`${rel} -> ${target}`, reason);
      }
    }
  }
  return found;
}

function readAllowed() {
  if (!fs.existsSync(allowFile)) return [];
  return fs
    .readFileSync(allowFile, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

const found = violations();
const allowed = readAllowed();
const allowedSet = new Set(allowed);
const fresh = [...found].filter(([pair]) => !allowedSet.has(pair));
const gone = allowed.filter((pair) => !found.has(pair));

if (process.argv.includes("--prune") && gone.length > 0) {
  const header = fs
    .readFileSync(allowFile, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("#"));
  const kept = allowed.filter((pair) => found.has(pair));
  fs.writeFileSync(allowFile, `${[...header, ...kept].join("\n")}\n`);
  console.log(
    `boundaries: removed ${gone.length} pair(s) that no longer occur from scripts/boundaries-allowed.txt`,
  );
} else if (gone.length > 0) {
  console.log(
    `boundaries: ${gone.length} allowed pair(s) no longer occur; run 'node scripts/check-boundaries.mjs --prune':`,
  );
  for (const pair of gone) console.log(`  ${pair}`);
}

if (fresh.length > 0) {
  console.error(
    "Module boundary violations (docs/ARCHITECTURE.md, 'Module boundaries'): import what another module offers " +
      "from its module.ts (export it there); platform/ and the web's ui/ take what they need as parameters.",
  );
  for (const [pair, reason] of fresh) console.error(`  ${pair}   (${reason})`);
  process.exit(1);
}
console.log(`boundaries: ok (${found.size} known exception(s) in scripts/boundaries-allowed.txt)`);
