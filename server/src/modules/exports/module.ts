import type { AppModule } from "../../platform/http/types.js";
import { exportJob, routes } from "./routes.js";

export const exportsModule: AppModule = {
  name: "exports",
  routes,
  jobs: (deps) => [exportJob(deps) as never],
};
export { escapeFormula } from "./formula.js";
