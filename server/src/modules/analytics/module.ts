import type { AppModule } from "../../platform/http/types.js";
import { activityCommunications } from "./activity-repository.js";
import { pruneCache } from "./cache.js";
import { dataVersionConsumer } from "./consumer.js";
import { compactOpenTaskDays } from "./open-task-days.js";
import { buildRollups, rollupConsumer, rollupsPending } from "./rollups.js";
import { analyticsRoutes } from "./routes.js";
import { targetRoutes } from "./targets-routes.js";

export { activityCommunications } from "./activity-repository.js";
export { type RollupDimension, type RollupGroupQuery, rollupGroups } from "./rollup-groups.js";
export { ownerIds, type RollupView, rollupView } from "./rollup-repository.js";

/**
 * Built-in dashboards (sales, team performance, activity monitoring, channels), sales targets and the shared
 * result cache. Other modules contribute widgets and communication channels through `AppModule.analytics`;
 * `modules` gives the loaded module list (read on each request, so the order of registration does not matter).
 */
export function createAnalyticsModule(modules: () => readonly AppModule[]): AppModule {
  const contributions = () => modules().flatMap((m) => (m.analytics ? [m.analytics] : []));
  return {
    name: "analytics",
    analytics: { communicationChannels: [activityCommunications] },
    routes: async (app, deps) => {
      analyticsRoutes({
        widgets: () => contributions().flatMap((c) => c.widgets ?? []),
        communications: () => contributions().flatMap((c) => c.communicationChannels ?? []),
      })(app, deps);
      targetRoutes(app, deps);
    },
    consumers: () => [dataVersionConsumer(), rollupConsumer()],
    jobs: ({ db }) => [
      {
        // Builds the daily rollups on first start and for a time zone a user newly has (until then those
        // viewers' widgets read the records); a crash mid-build rolls back and the next tick starts again.
        name: "analytics.rollups-build",
        schedule: { cron: "* * * * *" },
        handler: async () => {
          if (await rollupsPending(db)) await buildRollups(db);
        },
      },
      {
        // Folds the delta rows the tasks triggers append (exact either way; this keeps the read at ~1 row per
        // owner and day to come).
        name: "analytics.open-task-days-compact",
        schedule: { cron: "*/5 * * * *" },
        handler: async () => {
          await compactOpenTaskDays(db);
        },
      },
      {
        name: "analytics.prune-cache",
        schedule: { cron: "50 3 * * *" },
        handler: async () => {
          await pruneCache(db);
        },
      },
    ],
  };
}
