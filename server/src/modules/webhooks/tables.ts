import type { DB } from "../../platform/db/schema.js";

export type WebhooksTable = DB["webhooks"];
export type WebhookDeliveriesTable = DB["webhook_deliveries"];
export type WebhookAttemptsTable = DB["webhook_attempts"];
