import type { ChangeEventInput, DeliveredChangeEvent } from "../platform/events/catalogue.js";
import type { activityEvents } from "./activities/events.js";
import type { companyEvents } from "./companies/events.js";
import type { contactEvents } from "./contacts/events.js";
import type { customFieldEvents } from "./custom-fields/events.js";
import type { dealEvents } from "./deals/events.js";
import type { fileEvents } from "./files/events.js";
import type { reassignEvents } from "./handover/events.js";
import type { userEvents } from "./identity/events.js";
import type { importEvents } from "./imports/events.js";
import type { mailEvents } from "./mail/events.js";
import type { mergeEvents } from "./merge/events.js";
import type { pipelineEvents } from "./pipelines/events.js";
import type { productEvents } from "./products/events.js";
import type { dashboardEvents, reportEvents, scheduleEvents } from "./reports/events.js";
import type { smsEvents, smsProviderEvents } from "./sms/events.js";
import type { tagEvents } from "./tags/events.js";
import type { taskEvents } from "./tasks/events.js";
import type { templateEvents } from "./templates/events.js";
import type { viewEvents } from "./views/events.js";
import type { webhookEvents } from "./webhooks/events.js";

/**
 * The static side of the change-event catalogue: the union of every module's event definitions (the runtime
 * side is `AppModule.events`). A module that adds events adds its `events.ts` here.
 */
export type AppChangeEventDefinition =
  | (typeof activityEvents)[number]
  | (typeof companyEvents)[number]
  | (typeof contactEvents)[number]
  | (typeof customFieldEvents)[number]
  | (typeof dealEvents)[number]
  | (typeof reassignEvents)[number]
  | (typeof userEvents)[number]
  | (typeof fileEvents)[number]
  | (typeof importEvents)[number]
  | (typeof mailEvents)[number]
  | (typeof mergeEvents)[number]
  | (typeof pipelineEvents)[number]
  | (typeof productEvents)[number]
  | (typeof reportEvents)[number]
  | (typeof dashboardEvents)[number]
  | (typeof scheduleEvents)[number]
  | (typeof smsProviderEvents)[number]
  | (typeof smsEvents)[number]
  | (typeof tagEvents)[number]
  | (typeof taskEvents)[number]
  | (typeof templateEvents)[number]
  | (typeof viewEvents)[number]
  | (typeof webhookEvents)[number];

/** What a writer passes to `recordChange`. */
export type AppChangeEvent = ChangeEventInput<AppChangeEventDefinition>;
/** What a consumer receives; narrow on `entity` and `action`. */
export type AppDeliveredEvent = DeliveredChangeEvent<AppChangeEventDefinition>;

declare module "../platform/events/outbox.js" {
  interface ChangeEventTypes {
    event: AppChangeEvent;
  }
}
