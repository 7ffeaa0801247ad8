/** What other features use of the pipeline board: the lost-reason dialog (a deal's stage, bulk stage change). */
export { LostReasonDialog } from "./LostReasonDialog";
