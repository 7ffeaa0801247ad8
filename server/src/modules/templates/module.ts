import type { AppModule } from "../../platform/http/types.js";
import { templateEvents } from "./events.js";
import { templateRoutes } from "./routes.js";

/** Message templates (email and SMS) and the one renderer every module uses (`renderTemplate`). */
export const templatesModule: AppModule = {
  name: "templates",
  events: templateEvents,
  routes: templateRoutes,
};
export {
  checkVariants,
  type RenderedTemplate,
  type RenderInput,
  renderTemplate,
  templateSchema,
} from "./render.js";
