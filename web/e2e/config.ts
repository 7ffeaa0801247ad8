import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ARTIFACTS_DIR = join(WEB_DIR, "e2e", "artifacts");
export const SERVER_LOG = join(ARTIFACTS_DIR, "server.log");

/** The admin the server bootstraps from ADMIN_EMAIL / ADMIN_PASSWORD in a fresh DATA_DIR. */
export const ADMIN = {
  email: process.env.E2E_ADMIN_EMAIL ?? "admin@example.com",
  password: process.env.E2E_ADMIN_PASSWORD ?? "Tandem-e2e-Admin-2025!",
};

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The started server's log file ("" when E2E_BASE_URL points at a server started elsewhere). */
    serverLog: string;
    /**
     * The started server's database (the embedded PostgreSQL of its DATA_DIR), for tests that move time (a
     * waiting automation run); E2E_DATABASE_URL with E2E_BASE_URL, "" when unknown.
     */
    databaseUrl: string;
  }
}
