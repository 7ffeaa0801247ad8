/** Custom-field inputs of a hand-written create form (deals). */
export { CustomFieldInputs, compactCustom } from "./CustomFieldInputs";
