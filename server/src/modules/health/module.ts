import { knownMigrations } from "../../platform/db/migrate.js";
import type { AppModule } from "../../platform/http/types.js";
import { healthRoutes } from "./routes.js";

let known: Promise<number> | null = null;

/** `/healthz` and `/readyz` (outside `/api/v1`): ready once every migration this build knows is applied. */
export const healthModule: AppModule = {
  name: "health",
  routes: healthRoutes(() => {
    known ??= knownMigrations();
    return known;
  }),
};

export { healthRoutes };
