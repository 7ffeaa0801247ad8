import type { DB } from "../../platform/db/schema.js";

export type { ActivityKind, ActivityParticipants } from "../../platform/db/column-types.js";

/** `phone`: E.164 (calls), `phone_raw` as typed; `to_address`: E.164 for SMS (`to_raw` as typed), addresses for e-mails. */
export type ActivitiesTable = DB["activities"];
export type ActivityLinksTable = DB["activity_links"];
