import type { AppModule } from "../../platform/http/types.js";
import { searchRoutes } from "./routes.js";

export const searchModule: AppModule = { name: "search", routes: searchRoutes };
