import type { AppModule } from "../../platform/http/types.js";
import { smsEvents, smsProviderEvents } from "./events.js";
import { smsJobs } from "./jobs.js";
import { smsRoutes } from "./routes.js";

/** SMS: providers (SMS.ru, SMSC, Mobizon, Twilio, generic HTTP), sending to contacts, delivery reports, inbound. */
export const smsModule: AppModule = {
  name: "sms",
  events: [...smsProviderEvents, ...smsEvents],
  routes: smsRoutes,
  jobs: (deps) => smsJobs(deps) as never,
};
export { smsSegments } from "./segments.js";
export { sendSms } from "./send-service.js";
