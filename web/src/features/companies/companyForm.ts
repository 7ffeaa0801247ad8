import { checkableCandidate } from "../records/DuplicateHint";
import { addressesBlock, emailsBlock, phonesBlock, taxIdsBlock } from "../records/form/blocks";
import type { FormValues, RecordFormSpec } from "../records/form/spec";

type Row = Record<string, string>;
const list = (value: unknown) => (Array.isArray(value) ? (value as Row[]) : []);

/** What the duplicate check compares while the form is filled in (the first address gives city and country). */
function companyCandidate(v: FormValues) {
  const addresses = list(v.addresses);
  const address = addresses.find((a) => a.city?.trim()) ?? addresses[0];
  return checkableCandidate({
    name: String(v.name ?? ""),
    city: address?.city ?? null,
    country: address?.country ?? null,
    phones: list(v.phones).map((phone) => phone.raw ?? ""),
    emails: list(v.emails).map((email) => email.value ?? ""),
    taxIds: list(v.taxIds).map((x) => ({ kind: x.kind ?? "", value: x.value ?? "" })),
  });
}

export const companyForm: RecordFormSpec = {
  entity: "companies",
  createTitle: "companies.create",
  required: ["name"],
  parts: [
    {
      fields: [
        "name",
        "legalName",
        "types",
        "website",
        "industry",
        "source",
        "ownerId",
        "parentCompanyId",
        "externalId",
      ],
    },
    { fields: ["tags"], cols: 1 },
    { block: taxIdsBlock() },
    { block: phonesBlock("work") },
    { block: emailsBlock() },
    { duplicates: companyCandidate },
    { block: addressesBlock() },
    { custom: true },
  ],
};
