import type { AppModule } from "../../platform/http/types.js";
import { deliverJob } from "./deliver.js";
import { webhookEvents } from "./events.js";
import { fanoutConsumer } from "./fanout.js";
import { pruneJob } from "./prune.js";
import { webhookRoutes } from "./routes.js";

/** Outgoing webhooks: subscriptions, signed deliveries with retries, delivery logs (README.md). */
export const webhooksModule: AppModule = {
  name: "webhooks",
  routes: webhookRoutes,
  events: webhookEvents,
  jobs: (deps) => [deliverJob(deps) as never, pruneJob(deps) as never],
  consumers: (deps) => [fanoutConsumer(deps)],
};

export type { SignedHeaders } from "./signing.js";
export { generateWebhookSecret, signPayload, verifySignature, WebhookSignatureError } from "./signing.js";
export type { DeliveryResult, SignedRequest } from "./transport.js";
export { checkWebhookUrl, deliverSigned, InvalidWebhookUrlError } from "./transport.js";
