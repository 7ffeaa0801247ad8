/** The activity composer of a record page (an entry of its own: pages showing only the timeline do not load it). */
export { ActivityComposer } from "./ActivityComposer";
