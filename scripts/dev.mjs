// `npm run dev`: the server under `tsx watch` (restarts on change) and the web app under Vite (hot reload,
// proxying /api to the server) side by side, output prefixed, Ctrl+C stopping both.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");

/** A workspace's own binary, else the hoisted one. */
function bin(workspace, name) {
  const own = path.join(root, workspace, "node_modules", ".bin", name);
  return fs.existsSync(own) ? own : path.join(root, "node_modules", ".bin", name);
}

const colors = { server: "\x1b[36m", web: "\x1b[35m" };
const useColor = process.stdout.isTTY;

/**
 * The processes `npm run dev` runs. The server runs inside server/, so DATA_DIR is made absolute against the
 * repository root: dev and `npm start` use the same `./data` (and the same relative DATA_DIR means the same).
 */
export function devProcesses(env = process.env) {
  const port = env.PORT ?? "3000";
  return [
    {
      name: "server",
      cmd: bin("server", "tsx"),
      args: ["watch", "--clear-screen=false", "src/main.ts"],
      cwd: path.join(root, "server"),
      env: {
        NODE_ENV: "development",
        LOG_LEVEL: env.LOG_LEVEL ?? "info",
        PORT: port,
        DATA_DIR: path.resolve(root, env.DATA_DIR ?? "data"),
      },
    },
    {
      name: "web",
      cmd: bin("web", "vite"),
      args: [],
      cwd: path.join(root, "web"),
      env: { TANDEM_API_URL: env.TANDEM_API_URL ?? `http://localhost:${port}` },
    },
  ];
}

function pipe(stream, name, out) {
  const tag = useColor ? `${colors[name]}[${name}]\x1b[0m ` : `[${name}] `;
  readline.createInterface({ input: stream }).on("line", (line) => out.write(`${tag}${line}\n`));
}

function run() {
  const procs = devProcesses();
  let stopping = false;
  let exitCode = 0;
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
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) run();
