// `npm run dev`: the server under `tsx watch` (restarts on change) and the web app under Vite (hot reload,
// proxying /api to the server) side by side, output prefixed, Ctrl+C stopping both.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";

const root = path.resolve(import.meta.dirname, "..");
const port = process.env.PORT ?? "3000";

/** A workspace's own binary, else the hoisted one. */
function bin(workspace, name) {
  const own = path.join(root, workspace, "node_modules", ".bin", name);
  return fs.existsSync(own) ? own : path.join(root, "node_modules", ".bin", name);
}

const colors = { server: "\x1b[36m", web: "\x1b[35m" };
const useColor = process.stdout.isTTY;

const procs = [
  {
    name: "server",
    cmd: bin("server", "tsx"),
    args: ["watch", "--clear-screen=false", "src/main.ts"],
    cwd: path.join(root, "server"),
    env: { NODE_ENV: "development", LOG_LEVEL: process.env.LOG_LEVEL ?? "info", PORT: port },
  },
  {
    name: "web",
    cmd: bin("web", "vite"),
    args: [],
    cwd: path.join(root, "web"),
    env: { TANDEM_API_URL: process.env.TANDEM_API_URL ?? `http://localhost:${port}` },
  },
];

function pipe(stream, name, out) {
  const tag = useColor ? `${colors[name]}[${name}]\x1b[0m ` : `[${name}] `;
  readline.createInterface({ input: stream }).on("line", (line) => out.write(`${tag}${line}\n`));
}

let stopping = false;
const children = procs.map((p) => {
  const child = spawn(p.cmd, p.args, {
    cwd: p.cwd,
    env: { ...process.env, ...p.env, FORCE_COLOR: useColor ? "1" : "0" },
    stdio: ["inherit", "pipe", "pipe"],
  });
  pipe(child.stdout, p.name, process.stdout);
  pipe(child.stderr, p.name, process.stderr);
  child.on("exit", (code, signal) => {
    child.exited = true;
    if (!stopping) {
      console.error(`[dev] ${p.name} exited (${signal ?? code}); stopping the rest.`);
      stop("SIGTERM", code ?? 1);
    } else if (children.every((c) => c.exited)) {
      process.exit(exitCode);
    }
  });
  return child;
});

let exitCode = 0;
function stop(signal, code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const c of children) if (!c.exited) c.kill(signal);
  if (children.every((c) => c.exited)) process.exit(exitCode);
  // The server stops PostgreSQL cleanly, which can take a few seconds; don't wait forever.
  setTimeout(() => process.exit(exitCode || 1), 30_000).unref();
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
