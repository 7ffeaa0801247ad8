import type { AppModule } from "../../platform/http/types.js";
import { customFieldEvents } from "./events.js";
import { indexJob } from "./index-job.js";
import { routes } from "./routes.js";

export const customFieldsModule: AppModule = {
  name: "custom-fields",
  events: customFieldEvents,
  routes,
  jobs: (deps) => [indexJob(deps.db) as never],
};
export type { Definition } from "./values.js";
export { activeDefinitions, checkCustomValue, validateCustom } from "./values.js";
