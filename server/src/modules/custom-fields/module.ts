import type { AppModule } from "../../platform/http/types.js";
import { customFieldEvents } from "./events.js";
import { routes } from "./routes.js";

export const customFieldsModule: AppModule = { name: "custom-fields", events: customFieldEvents, routes };
export type { Definition } from "./values.js";
export { activeDefinitions, checkCustomValue, validateCustom } from "./values.js";
