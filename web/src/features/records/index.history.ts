/** A record's activity and history, and the "record not found" screen (pages not built on `RecordPage`). */
export { ActivityAndHistory, RecordHistory } from "./RecordHistory";
export { RecordNotFound } from "./RecordNotFound";
