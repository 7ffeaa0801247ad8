import { z } from "zod";
import {
  baseValues,
  duplicateCandidateBase,
  type EntityDuplicateCheck,
} from "../../platform/records/duplicate-check.js";
import { displayName } from "./columns.js";

const part = z.string().trim().max(100).optional();
const candidate = duplicateCandidateBase.extend({
  name: z.string().trim().max(400).optional().describe("Full name (or give the name parts)"),
  firstName: part,
  middleName: part,
  lastName: part,
});

/** A person being created is compared by phone, e-mail, and name (from its parts, as saved) in their city. */
export const contactDuplicateCheck: EntityDuplicateCheck = {
  candidate,
  values: (c) => {
    const v = c as z.infer<typeof candidate>;
    const parts = v.firstName || v.middleName || v.lastName;
    return {
      ...baseValues(c),
      name: parts ? displayName(v.firstName, v.middleName, v.lastName) : (v.name ?? ""),
    };
  },
};
