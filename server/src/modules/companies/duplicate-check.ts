import { z } from "zod";
import {
  baseValues,
  duplicateCandidateBase,
  type EntityDuplicateCheck,
} from "../../platform/records/duplicate-check.js";
import { country } from "../../platform/records/value-schemas.js";
import { TAX_ID_KINDS } from "./schemas.js";

const candidate = duplicateCandidateBase.extend({
  name: z.string().trim().max(400).optional().describe("Company name"),
  taxIds: z
    .array(
      z.strictObject({
        kind: z.enum(TAX_ID_KINDS),
        value: z.string().trim().max(50),
        country: country.nullish(),
      }),
    )
    .max(10)
    .default([])
    .describe("Tax ids as typed (one with a wrong check digit is not compared)"),
});

/** A company being created is compared by phone, e-mail, tax id, and name in its city. */
export const companyDuplicateCheck: EntityDuplicateCheck = {
  candidate,
  values: (c) => ({ ...baseValues(c), taxIds: (c as z.infer<typeof candidate>).taxIds ?? [] }),
};
