import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const port = z.coerce.number().int().min(1).max(65535);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_PG_PORT: port
    .refine((p) => p !== 5432, "must not be 5432 (left for a system PostgreSQL)")
    .optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  ADMIN_LANGUAGE: z
    .enum(["en", "ru", "sr", "sr-Latn", "kk"], "must be en, ru, sr, sr-Latn or kk")
    .default("en"),
  DEMO: bool.default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["auto", "json", "pretty"], "must be auto, json or pretty").default("auto"),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(200 * 1_048_576),
  FILES_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1_048_576),
  FILES_S3_URL: z
    .url()
    .regex(/^https?:\/\/[^/]+\/[^/]+/, "must be http(s)://host[:port]/bucket[/prefix]")
    .optional(),
  FILES_S3_REGION: z.string().min(1).default("us-east-1"),
  FILES_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  FILES_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  PUBLIC_URL: z.url().optional(),
  TRUST_PROXY: bool.default(false),
  RUN_JOBS: bool.default(true),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(12 * 60),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 14),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Tandem CRM <no-reply@localhost>"),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  SECRETS_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=]+(,[A-Za-z0-9+/=]+)*$/, "must be base64 keys separated by commas")
    .optional(),
  OUTBOUND_ALLOW_HOSTS: z.string().default(""),
});

export type Env = z.infer<typeof envSchema>;

/** Every environment variable the server reads (the README's configuration table must list each). */
export const envVariables: readonly string[] = Object.keys(envSchema.shape);

export interface Config extends Env {
  dataDir: string;
  webDistDir: string;
  /** `OUTBOUND_ALLOW_HOSTS` split: internal hosts, IPs or CIDRs user-given URLs may reach (platform/net/ssrf.ts). */
  outboundAllowHosts: string[];
}

export class ConfigError extends Error {}

/** Parses the environment; every wrong value is reported on its own line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    // One wrong variable fits on one line; several get one line each under a header.
    throw new ConfigError(
      lines.length === 1
        ? `Invalid configuration: ${lines[0]}`
        : `Invalid configuration — fix these environment variables:\n  ${lines.join("\n  ")}`,
    );
  }
  const cfg = parsed.data;
  if (argv.includes("--demo")) cfg.DEMO = true;
  return {
    ...cfg,
    dataDir: path.resolve(cfg.DATA_DIR),
    outboundAllowHosts: cfg.OUTBOUND_ALLOW_HOSTS.split(",")
      .map((h) => h.trim())
      .filter(Boolean),
    webDistDir: path.resolve(import.meta.dirname, "../../../../web/dist"),
  };
}
