// `npm run worker`: builds the server first when server/dist is missing (a fresh clone), so the worker starts
// with one command like `npm start`. An existing build is used as is (the server's `npm start` rebuilds it).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
if (!fs.existsSync(path.join(root, "server", "dist", "worker.js"))) {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const res = spawnSync(npm, ["run", "build", "--silent", "-w", "server"], { cwd: root, stdio: "inherit" });
  if (res.status !== 0) {
    console.error("Tandem CRM worker: building the server failed (see above).");
    process.exit(res.status ?? 1);
  }
}
