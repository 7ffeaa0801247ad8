/** What other features use of merge: the list's "Find duplicates" button. */
export { DuplicatesButton } from "./DuplicatesButton";
