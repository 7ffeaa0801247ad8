import type { AppModule } from "../../platform/http/types.js";
import { contactsEntity } from "./entity.js";
import { contactEvents } from "./events.js";
import { routes } from "./routes.js";

export const contactsModule: AppModule = {
  name: "contacts",
  entities: [contactsEntity],
  events: contactEvents,
  routes,
};
export type { ContactValues } from "./columns.js";
export { CONTACT_JSON_COLUMNS, contactColumns, displayName, splitFullName } from "./columns.js";
export { CHANNELS } from "./schemas.js";
