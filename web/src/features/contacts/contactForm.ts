import type { RecordFormSpec } from "../records";
import {
  companyLinksBlock,
  consentBlock,
  emailsBlock,
  messengersBlock,
  notesBlock,
  phonesBlock,
} from "../records/index.blocks";

const text = (value: unknown) => (typeof value === "string" ? value : "");

export const contactForm: RecordFormSpec = {
  entity: "contacts",
  createTitle: "contacts.create",
  parts: [
    {
      fields: [
        "firstName",
        "lastName",
        "middleName",
        "position",
        "birthday",
        "preferredChannel",
        "source",
        "ownerId",
        "externalId",
      ],
      cols: 3,
    },
    { block: companyLinksBlock() },
    { block: phonesBlock("mobile") },
    { block: emailsBlock() },
    { block: messengersBlock() },
    { block: consentBlock() },
    { fields: ["tags"], cols: 1 },
    { block: notesBlock() },
    { custom: true },
  ],
  validate: (v): Record<string, string> =>
    text(v.firstName).trim() || text(v.lastName).trim() ? {} : { firstName: "contacts.nameRequired" },
};
