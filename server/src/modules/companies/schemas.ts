import { z } from "zod";
import { isoDateTime, listResponse } from "../../platform/http/schemas.js";

export const COMPANY_TYPES = ["customer", "prospect", "supplier", "partner", "other"] as const;
export const TAX_ID_KINDS = ["INN", "KPP", "OGRN", "PIB", "MB", "BIN", "IIN", "VAT", "other"] as const;
export const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"] as const;
export const RATINGS = ["A", "B", "C", "D"] as const;
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
export const tagList = z.array(text(50).min(1)).max(50);
export const customValues = z
  .record(z.string().max(64), z.unknown())
  .refine((o) => Object.keys(o).length <= 200, "At most 200 custom fields.")
  .describe("Custom field values by key; types per `GET /api/v1/custom-fields?entity=…`. `null` clears.");
const website = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s]+$/i, "Use an http:// or https:// address.")
  .refine((v) => URL.canParse(v), "Not a valid URL.");

export const companyFields = {
  name: text(300).min(1),
  legalName: optText(500),
  types: z.array(z.enum(COMPANY_TYPES)).max(5).optional(),
  taxIds: z
    .array(
      z.strictObject({
        country: country.nullable().optional(),
        kind: z.enum(TAX_ID_KINDS),
        value: text(50).min(1),
      }),
    )
    .max(10)
    .optional(),
  industry: optText(100),
  size: z.enum(COMPANY_SIZES).nullable().optional(),
  website: website.nullable().optional(),
  addresses: z.array(address).max(10).optional(),
  phones: z.array(phoneInput).max(10).optional(),
  emails: z.array(emailInput).max(10).optional(),
  source: optText(100),
  tags: tagList.optional(),
  rating: z.enum(RATINGS).nullable().optional(),
  ownerId: z.uuid().optional(),
  parentCompanyId: z.uuid().nullable().optional(),
  custom: customValues.optional(),
};

export const createCompanyBody = z.strictObject(companyFields);
export const updateCompanyBody = z.strictObject({ ...companyFields, name: text(300).min(1).optional() });
export type CreateCompanyInput = z.infer<typeof createCompanyBody>;
export type UpdateCompanyInput = z.infer<typeof updateCompanyBody>;

export const companySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  legalName: z.string().nullable().optional(),
  types: z.array(z.string()).optional(),
  taxIds: z
    .array(z.object({ country: z.string().nullable(), kind: z.string(), value: z.string() }))
    .optional(),
  industry: z.string().nullable().optional(),
  size: z.string().nullable().optional(),
  website: z.string().nullable().optional(),
  addresses: z.array(z.record(z.string(), z.unknown())).optional(),
  phones: z.array(phoneOutput).optional(),
  emails: z.array(emailOutput).optional(),
  source: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  rating: z.string().nullable().optional(),
  ownerId: z.uuid().optional(),
  parentCompanyId: z.uuid().nullable().optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  createdBy: z.uuid().nullable().optional(),
  createdAt: isoDateTime.optional(),
  updatedAt: isoDateTime.optional(),
  deletedAt: isoDateTime.nullable().optional(),
});
export type Company = z.infer<typeof companySchema>;

export const duplicateWarning = z.object({
  code: z.literal("possible_duplicate"),
  matches: z.array(z.object({ id: z.uuid(), name: z.string(), reason: z.string() })),
});
export const companyCreated = companySchema.extend({ warnings: z.array(duplicateWarning) });
export const companyList = listResponse(companySchema);
