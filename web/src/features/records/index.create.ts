/** "New …" buttons: each opens the entity's create dialog declared in its `screens.ts` (loaded when first used). */
export {
  CreateCompanyButton,
  CreateContactButton,
  CreateDealButton,
  CreateRecordButton,
  CreateTaskButton,
} from "./CreateButtons";
