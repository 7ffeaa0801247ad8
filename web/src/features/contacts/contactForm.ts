import { checkableCandidate } from "../records/DuplicateHint";
import {
  companyLinksBlock,
  consentBlock,
  emailsBlock,
  messengersBlock,
  notesBlock,
  phonesBlock,
} from "../records/form/blocks";
import type { FormValues, RecordFormSpec } from "../records/form/spec";

type Row = Record<string, string>;
const list = (value: unknown) => (Array.isArray(value) ? (value as Row[]) : []);
const text = (value: unknown) => (typeof value === "string" ? value : "");

function contactCandidate(v: FormValues) {
  return checkableCandidate({
    firstName: text(v.firstName),
    middleName: text(v.middleName),
    lastName: text(v.lastName),
    phones: list(v.phones).map((phone) => phone.raw ?? ""),
    emails: list(v.emails).map((email) => email.value ?? ""),
  });
}

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
    { duplicates: contactCandidate },
    { block: messengersBlock() },
    { block: consentBlock() },
    { fields: ["tags"], cols: 1 },
    { block: notesBlock() },
    { custom: true },
  ],
  validate: (v): Record<string, string> =>
    text(v.firstName).trim() || text(v.lastName).trim() ? {} : { firstName: "contacts.nameRequired" },
};
