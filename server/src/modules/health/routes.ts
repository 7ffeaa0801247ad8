import { sql } from "kysely";
import { z } from "zod";
import { problem, sendProblem } from "../../platform/http/problem.js";
import { problemSchema } from "../../platform/http/schemas.js";
import type { App, AppDeps } from "../../platform/http/types.js";

const status = z.object({ status: z.literal("ok") });

/**
 * `/healthz`: the process answers. `/readyz`: it can serve, i.e. the database answers and has at least
 * `expected` migrations applied (a number, or read on the first request).
 */
export function healthRoutes(expected: number | (() => Promise<number>)) {
  return (app: App, deps: AppDeps) => {
    app.get("/healthz", { schema: { hide: true, response: { 200: status } } }, async () => ({
      status: "ok" as const,
    }));
    app.get(
      "/readyz",
      { schema: { hide: true, response: { 200: status, 503: problemSchema } } },
      async (request, reply) => {
        let applied: number;
        try {
          const row = await sql<{ n: string }>`select count(*)::text as n from schema_migrations`.execute(
            deps.db,
          );
          applied = Number(row.rows[0]?.n ?? 0);
        } catch {
          return sendProblem(
            reply,
            request,
            problem(503, "database_unreachable", "The database does not answer."),
          );
        }
        const expectedMigrations = typeof expected === "number" ? expected : await expected();
        if (applied < expectedMigrations) {
          const detail = `Database migrations pending: ${expectedMigrations - applied}.`;
          return sendProblem(reply, request, problem(503, "migrations_pending", detail));
        }
        return { status: "ok" as const };
      },
    );
  };
}
