import { z } from "zod";
import { isoDate, isoDateTime, listResponse, recordVersion } from "../../platform/http/schemas.js";
import { recordPermissionsSchema } from "../../platform/records/permissions.js";
import {
  address,
  customValues,
  duplicateWarning,
  emailInput,
  emailOutput,
  phoneInput,
  phoneOutput,
} from "../../platform/records/value-schemas.js";
import { tagList, tagUpdate } from "../tags/module.js";

export const MESSENGER_KINDS = ["telegram", "whatsapp", "viber", "signal", "other"] as const;
export const CHANNELS = ["phone", "email", "sms", "telegram", "whatsapp", "viber", "other"] as const;

const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const consentGrant = z.strictObject({
  granted: z.boolean(),
  at: isoDateTime.nullable().optional(),
  origin: z.string().trim().max(100).nullable().optional(),
});
const membership = z.strictObject({
  companyId: z.uuid(),
  role: optText(200),
  isPrimary: z.boolean().optional(),
});

export const contactFields = {
  firstName: optText(100),
  lastName: optText(100),
  middleName: optText(100),
  position: optText(200),
  companies: z.array(membership).max(20).optional(),
  phones: z.array(phoneInput).max(10).optional(),
  emails: z.array(emailInput).max(10).optional(),
  messengers: z
    .array(z.strictObject({ kind: z.enum(MESSENGER_KINDS), handle: z.string().trim().min(1).max(100) }))
    .max(10)
    .optional(),
  birthday: isoDate.nullable().optional(),
  notes: optText(10_000),
  preferredChannel: z.enum(CHANNELS).nullable().optional(),
  language: z
    .string()
    .regex(/^[a-z]{2}$/, "Use an ISO 639-1 code such as ru, en, sr, kk.")
    .nullable()
    .optional(),
  address: address.nullable().optional(),
  source: optText(100),
  externalId: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .optional()
    .describe(
      "The id in the system the record came from (1C, a spreadsheet, an old CRM); unique when set, exact match; empty clears",
    ),
  consent: z
    .strictObject({ emailMarketing: consentGrant.optional(), smsMarketing: consentGrant.optional() })
    .optional(),
  tags: tagList.optional(),
  ownerId: z.uuid().optional(),
  custom: customValues.optional(),
};

export const createContactBody = z.strictObject(contactFields).refine((b) => !!(b.firstName || b.lastName), {
  message: "Give a first or a last name.",
  path: ["firstName"],
});
export const updateContactBody = z.strictObject({ ...contactFields, tags: tagUpdate.optional() });
export type CreateContactInput = z.infer<typeof createContactBody>;
export type UpdateContactInput = z.infer<typeof updateContactBody>;

const grantOut = z.object({ granted: z.boolean(), at: z.string().nullable(), origin: z.string().nullable() });
export const contactSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  middleName: z.string().nullable().optional(),
  position: z.string().nullable().optional(),
  companies: z
    .array(
      z.object({
        companyId: z.uuid(),
        name: z.string(),
        role: z.string().nullable(),
        isPrimary: z.boolean(),
      }),
    )
    .optional(),
  phones: z.array(phoneOutput).optional(),
  emails: z.array(emailOutput).optional(),
  messengers: z.array(z.object({ kind: z.string(), handle: z.string() })).optional(),
  birthday: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
  preferredChannel: z.string().nullable().optional(),
  language: z.string().nullable().optional(),
  address: z.record(z.string(), z.unknown()).nullable().optional(),
  source: z.string().nullable().optional(),
  externalId: z.string().nullable().optional(),
  consent: z.object({ emailMarketing: grantOut.optional(), smsMarketing: grantOut.optional() }).optional(),
  tags: z.array(z.string()).optional(),
  ownerId: z.uuid().optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  createdBy: z.uuid().nullable().optional(),
  createdAt: isoDateTime.optional(),
  updatedAt: isoDateTime.optional(),
  version: recordVersion,
  deletedAt: isoDateTime.nullable().optional(),
  permissions: recordPermissionsSchema.optional(),
});
export type Contact = z.infer<typeof contactSchema>;
export const contactCreated = contactSchema.extend({ warnings: z.array(duplicateWarning) });
export const contactList = listResponse(contactSchema);
