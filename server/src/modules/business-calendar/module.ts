import type { AppModule } from "../../platform/http/types.js";
import { routes } from "./routes.js";

/** The admin API of the workspace's business calendar (the calendar itself is `platform/calendar`). */
export const businessCalendarModule: AppModule = { name: "business-calendar", routes };
