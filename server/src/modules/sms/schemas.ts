import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";
import { PROVIDER_KINDS, SMS_STATUSES } from "./providers/types.js";

const noNul = (s: string) => !s.includes("\u0000");
const text = (max: number) => z.string().max(max).refine(noNul, "NUL characters are not allowed.");
const httpUrl = z
  .string()
  .max(2000)
  .refine((u) => {
    try {
      return ["http:", "https:"].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, "Give an http(s) URL.");

const genericConfig = z.strictObject({
  method: z.enum(["GET", "POST"]),
  url: httpUrl,
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), text(1000)).optional(),
  body: text(5000).nullable().optional(),
  contentType: z.enum(["application/json", "application/x-www-form-urlencoded"]).optional(),
  idPath: text(200).nullable().optional(),
  successPath: text(200).nullable().optional(),
  successValue: text(200).nullable().optional(),
  callbackIdField: text(100).nullable().optional(),
  callbackStatusField: text(100).nullable().optional(),
  statusMap: z.record(text(100), z.enum(["sent", "delivered", "failed"])).optional(),
  inboundFromField: text(100).nullable().optional(),
  inboundTextField: text(100).nullable().optional(),
  inboundToField: text(100).nullable().optional(),
});

export const providerConfig = z.strictObject({
  sender: text(50).nullable().optional(),
  baseUrl: httpUrl.nullable().optional(),
  accountSid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, "A Twilio Account SID: AC + 32 hex digits.")
    .nullable()
    .optional(),
  generic: genericConfig.optional(),
});

export const providerCredentials = z.strictObject({
  apiKey: text(500).min(1).optional(),
  login: text(200).min(1).optional(),
  password: text(500).min(1).optional(),
  authToken: text(500).min(1).optional(),
  secret: text(1000).min(1).optional(),
});

export const createProviderBody = z.strictObject({
  name: text(100).trim().min(1),
  kind: z.enum(PROVIDER_KINDS),
  config: providerConfig.default({}),
  credentials: providerCredentials,
  isDefault: z.boolean().default(false),
  isActive: z.boolean().default(true),
});
export const updateProviderBody = z.strictObject({
  name: text(100).trim().min(1).optional(),
  config: providerConfig.optional(),
  credentials: providerCredentials.optional(),
  isDefault: z.boolean().optional(),
  isActive: z.boolean().optional(),
});
export type CreateProviderInput = z.infer<typeof createProviderBody>;
export type UpdateProviderInput = z.infer<typeof updateProviderBody>;

export const providerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  config: z.record(z.string(), z.unknown()),
  credentialsSet: z.array(z.string()).describe("Which credentials are stored (never their values)."),
  isDefault: z.boolean(),
  isActive: z.boolean(),
  callbackUrl: z.string().describe("Give this URL to the provider for delivery reports and incoming SMS."),
  createdAt: isoDateTime,
});

export const testProviderBody = z.strictObject({
  to: z.string().regex(/^\+[1-9][0-9]{6,14}$/, "A number in E.164: +79991234567."),
  text: text(500).min(1).default("Tandem CRM test message"),
});
export const testResult = z.object({
  ok: z.boolean(),
  providerMessageId: z.string().nullable(),
  code: z.string().nullable(),
  message: z.string().nullable(),
});

export const sendSmsBody = z.strictObject({
  contactId: z.uuid(),
  phone: z
    .string()
    .regex(/^\+[1-9][0-9]{6,14}$/)
    .optional(),
  text: text(2000).optional(),
  templateId: z.uuid().optional(),
  language: z.enum(["en", "ru", "sr", "kk"]).optional(),
  providerId: z.uuid().optional(),
});
export type SendSmsInput = z.infer<typeof sendSmsBody>;

export const messageSchema = z.object({
  id: z.uuid(),
  direction: z.enum(["out", "in"]),
  contactId: z.uuid().nullable(),
  phone: z.string(),
  text: z.string(),
  encoding: z.enum(["gsm7", "ucs2"]),
  segments: z.number().int(),
  status: z.enum(SMS_STATUSES),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  providerId: z.uuid(),
  createdAt: isoDateTime,
});

export const segmentsBody = z.strictObject({ text: text(5000) });
export const segmentsSchema = z.object({
  encoding: z.enum(["gsm7", "ucs2"]),
  units: z.number().int(),
  segments: z.number().int(),
  perSegment: z.number().int(),
  remaining: z.number().int(),
});
