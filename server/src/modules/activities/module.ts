import type { AppModule } from "../../platform/http/types.js";
import { activitiesEntity } from "./entity.js";
import { activityEvents } from "./events.js";
import { mentionsConsumer } from "./mentions.js";
import { activityRoutes } from "./routes.js";
import { systemEventsConsumer } from "./system-events.js";

export const activitiesModule: AppModule = {
  name: "activities",
  entities: [activitiesEntity],
  routes: activityRoutes,
  events: activityEvents,
  consumers: (deps) => [systemEventsConsumer(), mentionsConsumer(deps)],
};
export { logMessageActivity, setMessageActivityEvent } from "./messages.js";
