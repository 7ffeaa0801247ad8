import { sql } from "kysely";
import { z } from "zod";
import type { App, AppDeps } from "../../platform/http/types.js";

const status = z.object({ status: z.enum(["ok", "unavailable"]), detail: z.string().optional() });

export function healthRoutes(expectedMigrations: number) {
  return (app: App, deps: AppDeps) => {
    app.get("/healthz", { schema: { hide: true, response: { 200: status } } }, async () => ({
      status: "ok" as const,
    }));
    app.get(
      "/readyz",
      { schema: { hide: true, response: { 200: status, 503: status } } },
      async (_request, reply) => {
        try {
          const row = await sql<{ n: string }>`select count(*)::text as n from schema_migrations`.execute(
            deps.db,
          );
          const applied = Number(row.rows[0]?.n ?? 0);
          if (applied < expectedMigrations) {
            return reply.code(503).send({
              status: "unavailable" as const,
              detail: `${expectedMigrations - applied} migrations pending`,
            });
          }
          return { status: "ok" as const };
        } catch {
          return reply.code(503).send({ status: "unavailable" as const, detail: "database unreachable" });
        }
      },
    );
  };
}
