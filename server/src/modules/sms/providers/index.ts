import { generic } from "./generic.js";
import { mobizon } from "./mobizon.js";
import { smsc } from "./smsc.js";
import { smsRu } from "./smsru.js";
import { twilio } from "./twilio.js";
import type { ProviderKind, SmsAdapter } from "./types.js";

/** Every SMS provider adapter, by kind. */
export const ADAPTERS: Record<ProviderKind, SmsAdapter> = { smsru: smsRu, smsc, mobizon, twilio, generic };
