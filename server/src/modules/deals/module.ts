import type { AppModule } from "../../platform/http/types.js";
import { dealsEntity } from "./entity.js";
import { dealEvents } from "./events.js";
import { routes } from "./routes.js";

export const dealsModule: AppModule = { name: "deals", entities: [dealsEntity], events: dealEvents, routes };
export { lostReasonError, stageColumns } from "./columns.js";
export { moveDealsToStage } from "./stage-moves.js";
