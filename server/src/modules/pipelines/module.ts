import type { AppModule } from "../../platform/http/types.js";
import { stageTriggers } from "./automation-triggers.js";
import { pipelinesEntity } from "./entity.js";
import { pipelineEvents } from "./events.js";
import { routes } from "./routes.js";

export const pipelinesModule: AppModule = {
  name: "pipelines",
  entities: [pipelinesEntity],
  events: pipelineEvents,
  routes,
  automationTriggers: stageTriggers,
};
export type { StageRow } from "./repository.js";
export { defaultPipeline, findStage, loadPipeline } from "./repository.js";
export type { Pipeline } from "./schemas.js";
export type { SeedLanguage } from "./seed-names.js";
export { localizeSeededPipeline } from "./seed-names.js";
