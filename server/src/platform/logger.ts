import pino, { type Logger } from "pino";
import type { Config } from "./config/config.js";

export function createLogger(config: Pick<Config, "LOG_LEVEL">): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: "tandem" },
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", "*.password", "*.newPassword", "*.token"],
      censor: "[redacted]",
    },
  });
}
