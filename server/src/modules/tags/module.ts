import type { AppModule } from "../../platform/http/types.js";
import { tagEvents } from "./events.js";
import { routes } from "./routes.js";

export const tagsModule: AppModule = { name: "tags", events: tagEvents, routes };
export {
  ensureTags,
  normalizeTagList,
  resolveTagUpdate,
  type WithTagList,
  withResolvedTags,
} from "./catalog.js";
export { type TagUpdate, tagList, tagUpdate } from "./schemas.js";
