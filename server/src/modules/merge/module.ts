import type { AppModule } from "../../platform/http/types.js";
import { mergeEvents } from "./events.js";
import { routes } from "./routes.js";

export const mergeModule: AppModule = { name: "merge", events: mergeEvents, routes };
