/** The create dialog frame of hand-written create forms (deals, tasks). */
export { CreateDialog } from "./CreateDialog";
