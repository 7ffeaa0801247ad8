import type { DB } from "../../platform/db/schema.js";

/** SMS providers (sealed credentials and callback token) and messages, outbound and inbound. */
export type SmsProvidersTable = DB["sms_providers"];
export type SmsMessagesTable = DB["sms_messages"];
