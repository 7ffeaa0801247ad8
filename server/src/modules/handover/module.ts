import type { AppModule } from "../../platform/http/types.js";
import { reassignEvents } from "./events.js";
import { handoverRoutes } from "./routes.js";

/** Bulk reassignment and deactivation with hand-over of a user's records. */
export const handoverModule: AppModule = { name: "handover", events: reassignEvents, routes: handoverRoutes };
