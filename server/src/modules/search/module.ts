import type { AppModule } from "../../platform/http/types.js";
import { catchUpJob, requestCatchUpIfPending } from "./catch-up.js";
import { searchRoutes } from "./routes.js";
import { searchStatusRoutes } from "./status-routes.js";

export const searchModule: AppModule = {
  name: "search",
  routes: (app, deps) => {
    searchRoutes(app, deps);
    searchStatusRoutes(app, deps);
  },
  jobs: ({ db, entities }) => [catchUpJob(db, entities)],
  onReady: requestCatchUpIfPending,
};
