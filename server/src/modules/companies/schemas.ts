import { z } from "zod";
import { isoDateTime, listResponse, recordVersion } from "../../platform/http/schemas.js";
import { recordPermissionsSchema } from "../../platform/records/permissions.js";
import {
  address,
  country,
  customValues,
  duplicateWarning,
  emailInput,
  emailOutput,
  phoneInput,
  phoneOutput,
} from "../../platform/records/value-schemas.js";
import { tagList, tagUpdate } from "../tags/module.js";

export const COMPANY_TYPES = ["customer", "prospect", "supplier", "partner", "other"] as const;
export const TAX_ID_KINDS = ["INN", "KPP", "OGRN", "PIB", "MB", "BIN", "IIN", "VAT", "other"] as const;
export const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"] as const;
export const RATINGS = ["A", "B", "C", "D"] as const;

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();
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
  externalId: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .optional()
    .describe(
      "The id in the system the record came from (1C, a spreadsheet, an old CRM); unique when set, exact match; empty clears",
    ),
  tags: tagList.optional(),
  rating: z.enum(RATINGS).nullable().optional(),
  ownerId: z.uuid().optional(),
  parentCompanyId: z.uuid().nullable().optional(),
  custom: customValues.optional(),
};

export const createCompanyBody = z.strictObject(companyFields);
export const updateCompanyBody = z.strictObject({
  ...companyFields,
  name: text(300).min(1).optional(),
  tags: tagUpdate.optional(),
});
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
  externalId: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  rating: z.string().nullable().optional(),
  ownerId: z.uuid().optional(),
  parentCompanyId: z.uuid().nullable().optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  createdBy: z.uuid().nullable().optional(),
  createdAt: isoDateTime.optional(),
  updatedAt: isoDateTime.optional(),
  version: recordVersion,
  deletedAt: isoDateTime.nullable().optional(),
  permissions: recordPermissionsSchema.optional(),
});
export type Company = z.infer<typeof companySchema>;

export const companyCreated = companySchema.extend({ warnings: z.array(duplicateWarning) });
export const companyList = listResponse(companySchema);
