import type { AppModule } from "../../platform/http/types.js";
import { viewEvents } from "./events.js";
import { routes } from "./routes.js";

export const viewsModule: AppModule = { name: "views", events: viewEvents, routes };
