import { z } from "zod";
import { defineChangeEvents, fieldChange } from "../../platform/events/catalogue.js";

const providerFields = {
  name: fieldChange(z.string()).optional(),
  kind: fieldChange(z.string()).optional(),
  isDefault: fieldChange(z.boolean()).optional(),
  isActive: fieldChange(z.boolean()).optional(),
  config: fieldChange(z.record(z.string(), z.unknown())).optional(),
  credentials: fieldChange(z.literal("changed")).optional(),
};

export const smsProviderEvents = defineChangeEvents("sms-providers", {
  create: [z.strictObject(providerFields), "An SMS provider was added (credentials never appear)."],
  update: [
    z.strictObject(providerFields),
    "An SMS provider was changed; `credentials` only says they changed.",
  ],
  delete: [z.strictObject({ name: z.string() }), "An SMS provider was removed."],
});

const message = {
  contactId: z.uuid().nullable(),
  phone: z.string(),
  segments: z.number().int(),
  providerId: z.uuid(),
};

export const smsEvents = defineChangeEvents("sms", {
  send: [
    z.strictObject({ ...message, templateId: z.uuid().nullable() }),
    "An SMS was queued to a contact's phone (sent by the `sms.send` job).",
  ],
  status: [
    z.strictObject({ status: fieldChange(z.string()), errorCode: z.string().nullable() }),
    "A message's delivery status changed (provider answer, callback or polling).",
  ],
  receive: [z.strictObject(message), "An SMS came in through a provider's webhook."],
});
