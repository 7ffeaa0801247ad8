import { z } from "zod";
import { country } from "./value-schemas.js";

const text = (max: number) => z.string().trim().max(max);

/**
 * What a create form holds so far, as every entity's duplicate check takes it; an entity extends it with its own
 * parts (a contact's name parts, a company's tax ids). Values not complete yet are not compared rather than
 * refused: the form validates them on save.
 */
export const duplicateCandidateBase = z.strictObject({
  name: text(400).optional().describe("The record's name"),
  city: text(200).nullable().optional(),
  country: country.nullable().optional().describe("Default region for phone numbers without +code"),
  phones: z.array(text(50)).max(10).default([]).describe("Phone numbers as typed"),
  emails: z.array(text(254)).max(10).default([]),
});

/** A candidate's values to compare, read by the entity's own rules. */
export interface DuplicateCheckValues {
  name: string;
  city: string | null;
  country: string | null;
  phones: string[];
  emails: string[];
  taxIds: { kind: string; value: string; country?: string | null }[];
}

/**
 * How an entity's create form asks for likely duplicates (`POST /api/v1/duplicates/check`, the merge module):
 * the candidate body and how to read it. The comparison is the kernel's `findDuplicates`, so the entity must
 * declare `duplicateKeys` too.
 */
export interface EntityDuplicateCheck {
  /** `duplicateCandidateBase` extended with the entity's own parts (strict: unknown keys are refused). */
  candidate: z.ZodObject;
  values(candidate: Record<string, unknown>): DuplicateCheckValues;
}

/** The values of the base candidate (entities without parts of their own). */
export function baseValues(c: Record<string, unknown>): DuplicateCheckValues {
  const b = c as z.infer<typeof duplicateCandidateBase>;
  return {
    name: b.name ?? "",
    city: b.city ?? null,
    country: b.country ?? null,
    phones: b.phones ?? [],
    emails: b.emails ?? [],
    taxIds: [],
  };
}
