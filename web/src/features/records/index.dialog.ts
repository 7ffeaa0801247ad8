/** The create dialog frame and custom-field inputs of hand-written create forms (deals, tasks). */
export { CreateDialog } from "./CreateDialog";
export { CustomFieldInputs, compactCustom } from "./CustomFieldInputs";
