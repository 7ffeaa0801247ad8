// `npm test`: the server's suite, then the web's — the web's runs even when the server's failed, so one run
// reports every failure (with `&&` a server failure hid the web suite's results). Exits non-zero if either failed.
import { spawnSync } from "node:child_process";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const failed = [];
for (const workspace of ["server", "web"]) {
  const run = spawnSync(npm, ["run", "test", "-w", workspace], { stdio: "inherit" });
  if (run.status !== 0) failed.push(`${workspace} (${run.signal ?? `exit ${run.status}`})`);
}
if (failed.length > 0) {
  console.error(`npm test: failed in ${failed.join(", ")}`);
  process.exit(1);
}
