import { type SqlBool, sql } from "kysely";
import { registerEntity } from "../../platform/access/entities.js";
import type { AppModule } from "../../platform/http/types.js";
import { ACTIVITY_FIELDS } from "./list.js";
import { mentionsConsumer } from "./mentions.js";
import { activityRoutes } from "./routes.js";
import { systemEventsConsumer } from "./system-events.js";

// Identity's hand-over moves a deactivated user's future meetings to someone else.
registerEntity("activities", {
  table: "activities",
  ownerColumn: "owner_id",
  handover: (a) =>
    sql<SqlBool>`${sql.ref(`${a}.kind`)} = 'meeting' and ${sql.ref(`${a}.starts_at`)} > now() and ${sql.ref(`${a}.deleted_at`)} is null`,
  label: "activities",
  fields: ACTIVITY_FIELDS,
});

export const activitiesModule: AppModule = {
  name: "activities",
  routes: activityRoutes,
  jobs: (deps) => [systemEventsConsumer(deps) as never, mentionsConsumer(deps) as never],
};
