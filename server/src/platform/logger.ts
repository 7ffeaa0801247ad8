import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import type { Config } from "./config/config.js";

type LogConfig = Pick<Config, "LOG_LEVEL" | "LOG_FORMAT">;

/** Readable lines for a person at a terminal; JSON lines for log collectors (not a TTY, or `LOG_FORMAT=json`). */
export function logFormat(config: LogConfig, isTTY: boolean): "json" | "pretty" {
  if (config.LOG_FORMAT === "auto") return isTTY ? "pretty" : "json";
  return config.LOG_FORMAT;
}

/** Where logs go: stdout unless a test gives another file descriptor. */
interface Output {
  fd: number;
  isTTY?: boolean;
}

export function createLogger(
  config: LogConfig,
  out: Output = { fd: 1, isTTY: process.stdout.isTTY },
): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service: "tandem" },
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", "*.password", "*.newPassword", "*.token"],
      censor: "[redacted]",
    },
  };
  if (logFormat(config, Boolean(out.isTTY)) === "json") return pino(options);
  // In this thread and synchronous (no transport worker), so the last lines before an exit are not lost.
  const stream = pretty({
    destination: out.fd,
    sync: true,
    colorize: Boolean(out.isTTY),
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname,service,reqId",
    singleLine: true,
  });
  return pino(options, stream);
}
