/**
 * The generic record form dialog and its blocks an entity's create/edit form is built from. Entries of the records
 * feature are split by what their users load together (`index.ts` definitions and hooks, `index.dialog.ts`,
 * `index.picker.ts`, `index.list.ts`, `index.page.ts`, `index.history.ts`, `index.create.ts`): a chunk importing
 * an entry bundles every module it re-exports.
 */
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
export { RecordFormDialog } from "./form/RecordFormDialog";
