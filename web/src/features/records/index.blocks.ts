/** The blocks (phones, e-mails, addresses, …) an entity's form spec is made of. */
export {
  addressesBlock,
  companyLinksBlock,
  consentBlock,
  emailsBlock,
  messengersBlock,
  notesBlock,
  phonesBlock,
  taxIdsBlock,
} from "./form/blocks";
