import type { RecordFormSpec } from "../records";
import { addressesBlock, emailsBlock, phonesBlock, taxIdsBlock } from "../records/index.blocks";

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
    { block: addressesBlock() },
    { custom: true },
  ],
};
