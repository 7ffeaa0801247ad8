/** What other features use of the timeline: a record's activity composer and timeline (record pages). */
export { ActivityComposer } from "./ActivityComposer";
export { Timeline } from "./Timeline";
