import type { AppModule } from "../../platform/http/types.js";
import { myDayRoutes } from "./routes.js";

export const myDayModule: AppModule = { name: "my-day", routes: myDayRoutes };
