import { z } from "zod";

/**
 * API shapes of the structured values every record entity may carry (phones, emails, addresses, custom values)
 * and of the create-time duplicate warning, so entities share them through the kernel, not through each other.
 */
export const ADDRESS_KINDS = ["legal", "actual", "postal", "billing", "shipping", "home", "other"] as const;
export const PHONE_KINDS = ["work", "mobile", "home", "fax", "other"] as const;
export const EMAIL_KINDS = ["work", "personal", "billing", "other"] as const;

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();
export const country = z.string().regex(/^[A-Z]{2}$/, "Use an ISO 3166-1 alpha-2 code such as RU, RS, KZ.");

export const address = z.strictObject({
  kind: z.enum(ADDRESS_KINDS).default("actual"),
  country: country.nullable().optional(),
  region: optText(200),
  city: optText(200),
  street: optText(300),
  building: optText(50),
  postalCode: optText(20),
  note: optText(500),
});
export const phoneInput = z.strictObject({ kind: z.enum(PHONE_KINDS).default("work"), raw: text(50).min(3) });
export const phoneOutput = z.object({
  kind: z.string(),
  raw: z.string(),
  e164: z.string().nullable(),
  extension: z
    .string()
    .optional()
    .describe("Dialled after the number (from x51924, ext. 12, доб. 123 in the raw text)"),
});
export const emailInput = z.strictObject({
  kind: z.enum(EMAIL_KINDS).default("work"),
  value: z.email().max(254),
});
export const emailOutput = z.object({ kind: z.string(), value: z.string() });
export const customValues = z
  .record(z.string().max(64), z.unknown())
  .refine((o) => Object.keys(o).length <= 200, "At most 200 custom fields.")
  .describe("Custom field values by key; types per `GET /api/v1/custom-fields?entity=…`. `null` clears.");

export const duplicateWarning = z.object({
  code: z.literal("possible_duplicate"),
  matches: z.array(z.object({ id: z.uuid(), name: z.string(), reason: z.string() })),
});
