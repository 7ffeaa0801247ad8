/** What other features use of the timeline: a record's timeline (record history). */
export { Timeline } from "./Timeline";
